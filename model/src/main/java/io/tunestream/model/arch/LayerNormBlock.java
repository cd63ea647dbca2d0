package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.Initializer;

/** LayerNorm over the last axis with HF names {@code <path>.weight} and {@code <path>.bias}. */
public class LayerNormBlock extends ModuleBlock {

    private final Parameter weight;
    private final Parameter bias;
    private final float eps;
    private final int size;

    /**
     * @param path module path
     * @param size normalised width
     * @param eps variance epsilon
     */
    public LayerNormBlock(String path, int size, double eps) {
        this.size = size;
        this.eps = (float) eps;
        this.weight = declare(path + ".weight", new Shape(size), Initializer.ONES);
        this.bias = declare(path + ".bias", new Shape(size), Initializer.ZEROS);
    }

    /** @return the normalised input */
    public NDArray apply(NDArray x) {
        return LayerNorm.layerNorm(x, new Shape(size), weight.getArray(), bias.getArray(), eps).singletonOrThrow();
    }
}
