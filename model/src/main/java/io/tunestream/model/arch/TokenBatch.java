package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A tokenised batch as int64 arrays [B, L]. Create it in a per-step sub-manager and close that
 * manager after the step: every array derived from it is freed with it.
 *
 * @param inputIds token ids
 * @param attentionMask 1 for tokens, 0 for padding
 * @param typeIds token type (segment) ids; zeros for single sentences
 */
public record TokenBatch(NDArray inputIds, NDArray attentionMask, NDArray typeIds) {

    /** @return batch size */
    public long batchSize() {
        return inputIds.getShape().get(0);
    }

    /** @return sequence length */
    public long length() {
        return inputIds.getShape().get(1);
    }

    /** @return the arrays as a list (ids, mask, types) */
    public NDList toList() {
        return new NDList(inputIds, attentionMask, typeIds);
    }
}
