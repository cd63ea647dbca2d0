package io.tunestream.model;

import io.tunestream.model.arch.TokenBatch;

/**
 * A right-padded causal-LM batch: tokens are {@code [BOS] prompt completion [EOS]}; the first
 * {@code promptTokens[i]} of row i are context, the rest up to {@code lengths[i]} are targets.
 *
 * @param tokens ids and mask [B, L]
 * @param promptTokens per row, leading tokens that are not targets (BOS included)
 * @param lengths per row, real tokens (the rest is padding)
 * @param truncated per row, whether the row was cut to the model's maximum length
 */
public record LmBatch(TokenBatch tokens, int[] promptTokens, int[] lengths, boolean[] truncated) {

    /** @return rows */
    public int size() {
        return promptTokens.length;
    }

    /** @return target tokens of row i (tokens after the prompt) */
    public int targetTokens(int row) {
        return Math.max(0, lengths[row] - promptTokens[row]);
    }
}
