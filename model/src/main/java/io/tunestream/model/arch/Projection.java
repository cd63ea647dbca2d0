package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/**
 * A linear projection named by its Hugging Face module path ({@code
 * encoder.layer.3.attention.self.query}), weight [out, in] as in PyTorch's {@code nn.Linear}, or [in,
 * out] as in HF's GPT-2 {@code Conv1D} (see {@link Layout}), so checkpoints load and save unchanged.
 * Deltas always speak the [out, in] layout. Every projection of
 * an architecture is built through {@link ProjectionFactory}, and a {@link ProjectionDelta}
 * can be attached later, so PEFT methods wrap projections by name without rebuilding the model.
 */
public class Projection extends ModuleBlock {

    /** How the weight is stored. */
    public enum Layout {
        /** [out, in], {@code nn.Linear}: y = x W^T + b */
        OUT_IN,
        /** [in, out], HF {@code Conv1D} (GPT-2): y = x W + b */
        IN_OUT
    }

    private final String path;
    private final Layout layout;
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
        this(path, inFeatures, outFeatures, withBias, Layout.OUT_IN);
    }

    /**
     * @param path module path, e.g. {@code transformer.h.0.attn.c_attn}
     * @param inFeatures input width
     * @param outFeatures output width
     * @param withBias whether the projection has a bias
     * @param layout how the weight is stored
     */
    public Projection(String path, int inFeatures, int outFeatures, boolean withBias, Layout layout) {
        this.path = path;
        this.layout = layout;
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = declare(path + ".weight",
                layout == Layout.OUT_IN ? new Shape(outFeatures, inFeatures) : new Shape(inFeatures, outFeatures),
                new NormalInitializer(0.02f));
        this.bias = withBias ? declare(path + ".bias", new Shape(outFeatures), Initializer.ZEROS) : null;
    }

    /**
     * @param x input [..., in]
     * @param training whether dropout in a delta is active
     * @return output [..., out]
     */
    public NDArray apply(NDArray x, boolean training) {
        NDArray y;
        if (layout == Layout.OUT_IN) {
            y = Linear.linear(x, weight.getArray(), bias == null ? null : bias.getArray()).singletonOrThrow();
        } else {
            y = x.matMul(weight.getArray());
            y = bias == null ? y : y.add(bias.getArray());
        }
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
        if (newDelta instanceof Block block) {
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
            // deltas are [out, in]; a Conv1D weight is [in, out] (PEFT's fan_in_fan_out transpose)
            NDArray oriented = layout == Layout.OUT_IN ? d : d.transpose();
            NDArray updated = add ? w.add(oriented) : w.sub(oriented);
            w.set(updated.toByteBuffer());
            updated.close();
            if (oriented != d) {
                oriented.close();
            }
        }
    }

    /** @return the module path */
    public String path() {
        return path;
    }

    /** @return how the weight is stored */
    public Layout layout() {
        return layout;
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
