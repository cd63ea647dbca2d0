package io.tunestream.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.arch.HiddenStates;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Continues prompts with a {@link CausalDecoder}: each row is run on its own, recomputing the whole
 * sequence for every new token (no cache, no padding). Tokens are chosen by {@link NextTokenPicker};
 * a row ends at EOS or after {@code maxNewTokens}.
 */
public final class Generator {

    private final CausalDecoder decoder;
    private final TextTokenizer tokenizer;

    /**
     * @param decoder the model
     * @param tokenizer its tokenizer
     */
    public Generator(CausalDecoder decoder, TextTokenizer tokenizer) {
        this.decoder = decoder;
        this.tokenizer = tokenizer;
    }

    /**
     * @param prompts texts to continue
     * @param settings decoding settings (one seeded picker per call: rows are drawn in order)
     * @param manager parent of the per-step managers
     * @return one generation per prompt
     */
    public List<Generation> generate(List<String> prompts, GenerationSettings settings, NDManager manager) {
        NextTokenPicker picker = new NextTokenPicker(settings);
        List<Generation> out = new ArrayList<>(prompts.size());
        for (String prompt : prompts) {
            long[] ids = promptIds(prompt);
            long[] fresh = new long[settings.maxNewTokens()];
            int made = 0;
            boolean eos = false;
            while (made < settings.maxNewTokens() && ids.length + made < decoder.maxPositions()) {
                long[] sequence = Arrays.copyOf(ids, ids.length + made);
                System.arraycopy(fresh, 0, sequence, ids.length, made);
                int next;
                try (NDManager step = manager.newSubManager()) {
                    next = picker.pick(lastLogits(sequence, step));
                }
                fresh[made++] = next;
                if (settings.stopAtEos() && next == decoder.eosTokenId()) {
                    eos = true;
                    break;
                }
            }
            long[] generated = Arrays.copyOf(fresh, made);
            out.add(new Generation(prompt, tokenizer.decode(generated), generated, ids.length, eos));
        }
        return out;
    }

    /** @return BOS (when the model has one) and the prompt's tokens, the last ones if it is too long */
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

    private float[] lastLogits(long[] sequence, NDManager manager) {
        Shape shape = new Shape(1, sequence.length);
        TokenBatch batch = new TokenBatch(manager.create(sequence, shape), manager.ones(shape, DataType.INT64),
                manager.zeros(shape, DataType.INT64));
        HiddenStates states = decoder.forward(batch, false);
        NDArray last = states.hidden().get(new NDIndex(":, -1:, :"));
        return decoder.logits(last).toType(DataType.FLOAT32, false).toFloatArray();
    }
}
