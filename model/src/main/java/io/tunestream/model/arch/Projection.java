package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/**
 * A linear projection named by its Hugging Face module path ({@code
 * encoder.layer.3.attention.self.query}), weight [out, in] as in PyTorch. Every projection of
 * an architecture is built through {@link ProjectionFactory}, and a {@link ProjectionDelta}
 * can be attached later, so PEFT methods wrap projections by name without rebuilding the model.
 */
public class Projection extends ModuleBlock {

    private final String path;
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;
    private ProjectionDelta delta;
    private boolean merged;

    /**
     * @param path module path, e.g. {@code model.layers.0.self_attn.q_proj}
     * @param inFeatures input width
     * @param outFeatures output width
     * @param withBias whether the projection has a bias
     */
    public Projection(String path, int inFeatures, int outFeatures, boolean withBias) {
        this.path = path;
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = declare(path + ".weight", new Shape(outFeatures, inFeatures), new NormalInitializer(0.02f));
        this.bias = withBias ? declare(path + ".bias", new Shape(outFeatures), Initializer.ZEROS) : null;
    }

    /**
     * @param x input [..., in]
     * @param training whether dropout in a delta is active
     * @return output [..., out]
     */
    public NDArray apply(NDArray x, boolean training) {
        NDArray y = Linear.linear(x, weight.getArray(), bias == null ? null : bias.getArray()).singletonOrThrow();
        if (delta != null && !merged) {
            y = y.add(delta.apply(x, training));
        }
        return y;
    }

    /** Attaches a delta (at most one); its block, if any, becomes a child of this projection. */
    public void attachDelta(ProjectionDelta newDelta) {
        if (delta != null) {
            throw new IllegalStateException("projection " + path + " already has a delta");
        }
        delta = newDelta;
        if (newDelta instanceof ai.djl.nn.Block block) {
            attachChild("delta", block);
        }
    }

    /** Folds the delta into the base weight (inference); reversible with {@link #unmerge()}. */
    public void merge() {
        if (delta != null && !merged) {
            updateWeight(true);
            merged = true;
        }
    }

    /** Subtracts a merged delta from the base weight again. */
    public void unmerge() {
        if (delta != null && merged) {
            updateWeight(false);
            merged = false;
        }
    }

    private void updateWeight(boolean add) {
        NDArray w = weight.getArray();
        try (NDArray d = delta.weightDelta()) {
            NDArray updated = add ? w.add(d) : w.sub(d);
            w.set(updated.toByteBuffer());
            updated.close();
        }
    }

    /** @return the module path */
    public String path() {
        return path;
    }

    /** @return input width */
    public int inFeatures() {
        return inFeatures;
    }

    /** @return output width */
    public int outFeatures() {
        return outFeatures;
    }

    /** @return the attached delta, or null */
    public ProjectionDelta delta() {
        return delta;
    }

    /** @return whether the delta is currently merged into the weight */
    public boolean isMerged() {
        return merged;
    }
}
