package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;

/**
 * A module inserted on a sub-layer's output before the residual connection (the Houlsby
 * adapter position).
 */
@FunctionalInterface
public interface SublayerHook {

    /**
     * @param sublayerOutput output of the attention or feed-forward sub-layer [B, L, H]
     * @param training whether dropout is active
     * @return the transformed output, same shape
     */
    NDArray apply(NDArray sublayerOutput, boolean training);
}
