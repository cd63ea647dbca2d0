package io.tunestream.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.arch.HiddenStates;
import io.tunestream.model.arch.KvCache;
import io.tunestream.model.arch.TokenBatch;
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
            decodeCached(rows, manager);
        } else {
            decodeRecomputing(rows, manager);
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

    private void decodeCached(List<DecodingRow> rows, NDManager manager) {
        List<DecodingRow> active = new ArrayList<>(rows);
        try (NDManager generation = manager.newSubManager()) {
            KvCache cache = new KvCache();
            LeftPaddedMask mask = new LeftPaddedMask(active.stream().mapToInt(DecodingRow::promptLength).toArray());
            // the first call's arrays live in the generation's manager, which so owns the cache
            NDArray ids = generation.create(mask.leftPad(active.stream().map(DecodingRow::prompt).toList()), mask.shape());
            float[][] logits = lastLogits(decoder.forwardCached(ids, generation.create(mask.values(), mask.shape()), cache));
            while (true) {
                List<Integer> kept = advance(active, logits);
                if (kept.isEmpty()) {
                    return;
                }
                if (kept.size() < active.size()) {
                    dropRows(cache, kept, generation);
                    mask.keep(kept);
                    active = kept.stream().map(active::get).toList();
                }
                mask.extend();
                try (NDManager step = generation.newSubManager()) {
                    long[] next = active.stream().mapToLong(DecodingRow::last).toArray();
                    NDArray input = step.create(next, new Shape(next.length, 1));
                    logits = lastLogits(decoder.forwardCached(input, step.create(mask.values(), mask.shape()), cache));
                }
            }
        }
    }

    /** Lets every active row pick its next token; @return indices (into active) of rows not done */
    private static List<Integer> advance(List<DecodingRow> active, float[][] logits) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            active.get(i).advance(logits[i]);
            if (!active.get(i).done()) {
                kept.add(i);
            }
        }
        return kept;
    }

    /** Keeps only the given batch rows of every cached key and value. */
    private static void dropRows(KvCache cache, List<Integer> kept, NDManager owner) {
        try (NDManager scope = owner.newSubManager()) {
            NDArray index = scope.create(kept.stream().mapToLong(Integer::longValue).toArray());
            for (int layer = 0; cache.keys(layer) != null; layer++) {
                NDArray k = cache.keys(layer);
                NDArray v = cache.values(layer);
                NDArray keptK = k.get(new NDIndex("{}", index.toDevice(k.getDevice(), false)));
                NDArray keptV = v.get(new NDIndex("{}", index.toDevice(v.getDevice(), false)));
                keptK.attach(k.getManager());
                keptV.attach(v.getManager());
                cache.set(layer, keptK, keptV);
                k.close();
                v.close();
            }
        }
    }

    private void decodeRecomputing(List<DecodingRow> rows, NDManager manager) {
        List<DecodingRow> active = new ArrayList<>(rows);
        while (!active.isEmpty()) {
            float[][] logits;
            try (NDManager step = manager.newSubManager()) {
                logits = recomputedLogits(active.stream().map(DecodingRow::sequence).toList(), step);
            }
            List<Integer> kept = advance(active, logits);
            active = kept.stream().map(active::get).toList();
        }
    }

    /** @return next-token logits of each sequence, from one right-padded forward() over all of them */
    private float[][] recomputedLogits(List<long[]> sequences, NDManager step) {
        int width = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        long[] ids = new long[sequences.size() * width];
        long[] mask = new long[ids.length];
        for (int r = 0; r < sequences.size(); r++) {
            long[] s = sequences.get(r);
            System.arraycopy(s, 0, ids, r * width, s.length);
            java.util.Arrays.fill(mask, r * width, r * width + s.length, 1);
        }
        Shape shape = new Shape(sequences.size(), width);
        HiddenStates states = decoder.forward(new TokenBatch(step.create(ids, shape), step.create(mask, shape),
                step.zeros(shape, DataType.INT64)), false);
        NDList last = new NDList();
        for (int r = 0; r < sequences.size(); r++) {
            int end = states.prefixLength() + sequences.get(r).length;
            last.add(states.hidden().get(new NDIndex("{}:{}, {}:{}, :", r, r + 1, end - 1, end)));
        }
        return lastLogits(NDArrays.concat(last, 0));
    }

    /** @return logits of the last position of each row [B][V]; closes {@code hidden} */
    private float[][] lastLogits(NDArray hidden) {
        long rows = hidden.getShape().get(0);
        try (NDManager scope = hidden.getManager().newSubManager()) {
            hidden.attach(scope);
            float[] flat = decoder.logits(hidden.get(new NDIndex(":, -1:, :"))).toType(DataType.FLOAT32, false)
                    .toFloatArray();
            float[][] out = new float[(int) rows][];
            int width = flat.length / (int) rows;
            for (int r = 0; r < rows; r++) {
                out[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
            }
            return out;
        }
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
