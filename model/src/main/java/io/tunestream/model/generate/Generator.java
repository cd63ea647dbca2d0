package io.tunestream.model.generate;

import ai.djl.ndarray.NDManager;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Continues a batch of prompts with a {@link CausalDecoder}.
 *
 * <p>With the KV cache (the default): the prompts are left-padded into one batch and run in one
 * {@link CausalDecoder#forwardCached} call, then each step runs one new token for every unfinished
 * row against the cache; when rows end (EOS or their budget) they are dropped from the batch and the
 * cache. {@link #withoutCache} is the reference: every step recomputes the whole right-padded batch
 * with {@link CausalDecoder#forward}. Both give the same tokens: each row picks with its own seeded
 * {@link NextTokenPicker} ({@link NextTokenPicker#rowSeed}).
 *
 * <p>A row ends at EOS (when {@code stopAtEos}), after {@code maxNewTokens}, or when soft prompt,
 * prompt and new tokens fill {@link CausalDecoder#maxPositions}; a prompt too long for even one new
 * token keeps BOS and its last tokens.
 */
public final class Generator {

    private final CausalDecoder decoder;
    private final TextTokenizer tokenizer;
    private final boolean cached;

    /**
     * @param decoder the model
     * @param tokenizer its tokenizer (only {@link #generate} uses it)
     */
    public Generator(CausalDecoder decoder, TextTokenizer tokenizer) {
        this(decoder, tokenizer, true);
    }

    private Generator(CausalDecoder decoder, TextTokenizer tokenizer, boolean cached) {
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.cached = cached;
    }

    /** @return a generator that recomputes the whole sequence for every new token (the reference) */
    public static Generator withoutCache(CausalDecoder decoder, TextTokenizer tokenizer) {
        return new Generator(decoder, tokenizer, false);
    }

    /**
     * @param prompts texts to continue (tokenised after BOS, no chat template)
     * @param settings decoding settings
     * @param manager parent of the generation's managers (nothing is left in it)
     * @return one generation per prompt, in order
     */
    public List<Generation> generate(List<String> prompts, GenerationSettings settings, NDManager manager) {
        List<long[]> ids = prompts.stream().map(this::promptIds).toList();
        List<Continuation> continued = continueTokens(ids, settings, manager);
        List<Generation> out = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            Continuation c = continued.get(i);
            out.add(new Generation(prompts.get(i), tokenizer.decode(c.tokenIds()), c.tokenIds(), c.promptTokens(),
                    c.stoppedAtEos()));
        }
        return out;
    }

    /**
     * @param prompts token ids per prompt (BOS included where the model wants one), each non-empty
     * @param settings decoding settings
     * @param manager parent of the generation's managers (nothing is left in it)
     * @return the new tokens per prompt, in order
     */
    public List<Continuation> continueTokens(List<long[]> prompts, GenerationSettings settings, NDManager manager) {
        List<DecodingRow> rows = rows(prompts, settings);
        if (cached) {
            new CachedDecoding(decoder).run(rows, manager);
        } else {
            new RecomputedDecoding(decoder).run(rows, manager);
        }
        return rows.stream().map(DecodingRow::result).toList();
    }

    private List<DecodingRow> rows(List<long[]> prompts, GenerationSettings settings) {
        int room = decoder.maxPositions() - softPromptLength();
        if (room < 2) {
            throw new IllegalArgumentException("the decoder's " + decoder.maxPositions() + " positions leave no room");
        }
        int eos = settings.stopAtEos() ? decoder.eosTokenId() : -1;
        List<DecodingRow> rows = new ArrayList<>(prompts.size());
        for (int r = 0; r < prompts.size(); r++) {
            long[] prompt = fit(prompts.get(r), room - 1);
            int budget = Math.min(settings.maxNewTokens(), room - prompt.length);
            rows.add(new DecodingRow(prompt, budget, new NextTokenPicker(settings, r), eos));
        }
        return rows;
    }

    /** @return the ids, or BOS (if first) and the last ones when longer than {@code limit} */
    private long[] fit(long[] ids, int limit) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("a prompt needs at least one token");
        }
        if (ids.length <= limit) {
            return ids;
        }
        int keep = decoder.bosTokenId() >= 0 && ids[0] == decoder.bosTokenId() ? 1 : 0;
        long[] out = new long[limit];
        System.arraycopy(ids, 0, out, 0, keep);
        System.arraycopy(ids, ids.length - (limit - keep), out, keep, limit - keep);
        return out;
    }

    /** @return BOS (when the model has one) and the prompt's tokens */
    long[] promptIds(String prompt) {
        long[] body = prompt.isEmpty() ? new long[0] : tokenizer.ids(prompt);
        int bos = decoder.bosTokenId() >= 0 ? 1 : 0;
        long[] ids = new long[bos + body.length];
        if (bos == 1) {
            ids[0] = decoder.bosTokenId();
        }
        System.arraycopy(body, 0, ids, bos, body.length);
        if (ids.length == 0) {
            throw new IllegalArgumentException("an empty prompt needs a model with a bos_token_id");
        }
        return ids;
    }

    private int softPromptLength() {
        return decoder instanceof Backbone backbone && backbone.softPrompt() != null ? backbone.softPrompt().length() : 0;
    }
}
