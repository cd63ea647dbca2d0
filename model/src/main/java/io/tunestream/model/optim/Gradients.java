package io.tunestream.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Gradient housekeeping the DJL optimizers do natively and a custom optimizer must repeat. */
final class Gradients {

    private Gradients() {
    }

    /**
     * Sets a weight's gradient to zero, as DJL's built-in Adam/SGD do after each update on PyTorch
     * (libtorch accumulates gradients across backward passes until zeroed). {@code grad.zero_()} is
     * used rather than {@code grad - grad}, which would turn an inf gradient into NaN.
     */
    static void zero(NDArray weight) {
        if (!weight.hasGradient()) {
            return;
        }
        if (weight instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
            return;
        }
        try (NDArray gradient = weight.getGradient(); NDArray zeros = gradient.zerosLike()) {
            gradient.set(new NDIndex("..."), zeros);
        }
    }
}
