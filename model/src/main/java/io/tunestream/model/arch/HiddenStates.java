package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;

/**
 * A backbone's output.
 *
 * @param hidden last hidden state [B, P + L, H]
 * @param attentionMask mask over all positions [B, P + L], soft-prompt positions included
 * @param prefixLength number of soft-prompt positions P in front of the tokens (0 without
 *     prompt tuning)
 */
public record HiddenStates(NDArray hidden, NDArray attentionMask, int prefixLength) {}
