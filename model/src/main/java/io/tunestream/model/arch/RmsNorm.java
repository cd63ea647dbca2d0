package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/** RMSNorm: {@code x / sqrt(mean(x^2) + eps) * weight}, HF name {@code <path>.weight}. */
public class RmsNorm extends ModuleBlock {

    private final Parameter weight;
    private final double eps;

    /**
     * @param path module path
     * @param size width
     * @param eps epsilon
     */
    public RmsNorm(String path, int size, double eps) {
        this.eps = eps;
        this.weight = declare(path + ".weight", new Shape(size), Initializer.ONES);
    }

    /** @return the normalised input */
    public NDArray apply(NDArray x) {
        NDArray rms = Ops.add(x.square().mean(new int[] {-1}, true), eps).sqrt();
        return x.div(rms).mul(weight.getArray());
    }
}
