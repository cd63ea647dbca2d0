package io.tunestream.model.generate;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one row of logits: argmax when greedy; otherwise temperature, top-k and
 * top-p (nucleus) filtering as Hugging Face's logits warpers apply them, in that order, then a draw
 * from the seeded generator. Ties break towards the lower id, as {@code torch.argmax} does.
 */
public final class NextTokenPicker {

    private final GenerationSettings settings;
    private final Random random;

    /** @param settings decoding settings; the generator is seeded with {@code settings.seed()} */
    public NextTokenPicker(GenerationSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /**
     * @param logits one row of next-token logits (not modified)
     * @return the chosen token id
     */
    public int pick(float[] logits) {
        if (settings.isGreedy()) {
            return argmax(logits);
        }
        int v = logits.length;
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        int keep = settings.topK() > 0 ? Math.min(settings.topK(), v) : v;
        double max = logits[order[0]] / settings.temperature();
        double[] weights = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            weights[i] = Math.exp(logits[order[i]] / settings.temperature() - max);
            total += weights[i];
        }
        if (settings.topP() < 1) {
            double cumulative = 0;
            int cut = keep;
            for (int i = 0; i < keep; i++) {
                cumulative += weights[i] / total;
                if (cumulative >= settings.topP()) {
                    cut = i + 1;
                    break;
                }
            }
            keep = cut;
            total = 0;
            for (int i = 0; i < keep; i++) {
                total += weights[i];
            }
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            r -= weights[i];
            if (r < 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    /** @return index of the largest value, the lowest on ties */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
