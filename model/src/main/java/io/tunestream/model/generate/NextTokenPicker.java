package io.tunestream.model.generate;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one row of logits: argmax when greedy; otherwise temperature, top-k and
 * top-p (nucleus) filtering as Hugging Face's logits warpers apply them, in that order, then a draw
 * from the seeded generator. Ties break towards the lower id, as {@code torch.argmax} does.
 *
 * <p>Each row of a batch has a picker of its own, seeded from the settings' seed and the row's index
 * ({@link #rowSeed}), so a row's draws depend on neither the other rows nor the order in which a
 * batch is processed: the same prompt at the same index gives the same text, cached or not.
 */
public final class NextTokenPicker {

    private final GenerationSettings settings;
    private final Random random;

    /** @param settings decoding settings; the generator is seeded with {@code settings.seed()} (row 0) */
    public NextTokenPicker(GenerationSettings settings) {
        this(settings, 0);
    }

    /**
     * @param settings decoding settings
     * @param row the row's index in its batch; the generator is seeded with {@code rowSeed(seed, row)}
     */
    public NextTokenPicker(GenerationSettings settings, int row) {
        this.settings = settings;
        this.random = new Random(rowSeed(settings.seed(), row));
    }

    /**
     * @return {@code seed ^ (row * 0x9E3779B97F4A7C15)} (the golden-ratio increment spreads rows over the
     *     seed space); row 0 keeps the seed itself
     */
    public static long rowSeed(long seed, int row) {
        return seed ^ (row * 0x9E3779B97F4A7C15L);
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
