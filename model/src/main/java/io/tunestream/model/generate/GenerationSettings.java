package io.tunestream.model.generate;

/**
 * How to pick the next tokens. {@code temperature = 0} is greedy decoding (top-k and top-p are then
 * ignored); otherwise the logits are divided by the temperature, cut to the {@code topK} most likely
 * tokens (0: no cut) and to the smallest set whose probability reaches {@code topP} (1: no cut), and
 * sampled from a generator seeded with {@code seed}, so the same call gives the same text.
 *
 * @param maxNewTokens at most this many tokens after the prompt
 * @param temperature 0 for greedy, else > 0
 * @param topK 0 or a positive count
 * @param topP in (0, 1]
 * @param seed sampling seed
 * @param stopAtEos whether generation of a row ends at the model's EOS token
 */
public record GenerationSettings(int maxNewTokens, double temperature, int topK, double topP, long seed,
        boolean stopAtEos) {

    /** Largest {@code maxNewTokens} accepted. */
    public static final int MAX_NEW_TOKENS = 4096;

    /** @throws IllegalArgumentException for out-of-range settings, naming the field */
    public GenerationSettings {
        if (maxNewTokens < 1 || maxNewTokens > MAX_NEW_TOKENS) {
            throw new IllegalArgumentException("maxNewTokens must be in 1.." + MAX_NEW_TOKENS + ", got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0 (0 = greedy), got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 = no cut), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
    }

    /** @return greedy decoding that stops at EOS */
    public static GenerationSettings greedy(int maxNewTokens) {
        return new GenerationSettings(maxNewTokens, 0, 0, 1, 0, true);
    }

    /** @return whether the next token is the argmax */
    public boolean isGreedy() {
        return temperature == 0;
    }
}
