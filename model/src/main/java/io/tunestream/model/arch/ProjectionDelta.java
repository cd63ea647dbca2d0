package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;

/**
 * A trainable change to a frozen linear projection (LoRA and the like): the projection's
 * output becomes {@code base(x) + delta(x)}, and the change can be folded into the base
 * weight for inference.
 */
public interface ProjectionDelta {

    /**
     * @param input the projection input [..., in]
     * @param training whether dropout is active
     * @return the additive output change [..., out]
     */
    NDArray apply(NDArray input, boolean training);

    /**
     * @return the dense weight change [out, in] equal to what {@link #apply} adds (without dropout)
     */
    NDArray weightDelta();
}
