package io.tunestream.model.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import io.tunestream.model.arch.ModuleBlock;
import io.tunestream.model.arch.Ops;
import io.tunestream.model.arch.Projection;
import io.tunestream.model.arch.ProjectionDelta;

/**
 * LoRA on one frozen projection: {@code delta(x) = (alpha / r) * B (A dropout(x))} with A [r,
 * in] initialised as PEFT does (Kaiming-uniform bound 1/sqrt(in)) and B [out, r] zero, so the
 * wrapped model starts equal to the base. Tensor names follow PEFT: {@code <path>.lora_A.weight},
 * {@code <path>.lora_B.weight}.
 */
public class LoraLinear extends ModuleBlock implements ProjectionDelta {

    private final Parameter loraA;
    private final Parameter loraB;
    private final double scaling;
    private final float dropout;

    /**
     * @param base the projection to adapt
     * @param rank r
     * @param alpha scaling numerator
     * @param dropout input dropout in training
     */
    public LoraLinear(Projection base, int rank, double alpha, double dropout) {
        this.scaling = alpha / rank;
        this.dropout = (float) dropout;
        float bound = (float) (1.0 / Math.sqrt(base.inFeatures()));
        loraA = declare(base.path() + ".lora_A.weight", new Shape(rank, base.inFeatures()), new UniformInitializer(bound));
        loraB = declare(base.path() + ".lora_B.weight", new Shape(base.outFeatures(), rank), Initializer.ZEROS);
    }

    @Override
    public NDArray apply(NDArray input, boolean training) {
        NDArray x = training && dropout > 0 ? Dropout.dropout(input, dropout, true).singletonOrThrow() : input;
        NDArray down = Linear.linear(x, loraA.getArray(), null).singletonOrThrow();
        return Ops.mul(Linear.linear(down, loraB.getArray(), null).singletonOrThrow(), scaling);
    }

    @Override
    public NDArray weightDelta() {
        NDArray product = loraB.getArray().matMul(loraA.getArray());
        NDArray scaled = Ops.mul(product, scaling);
        product.close();
        return scaled;
    }

    /** @return alpha / r */
    public double scaling() {
        return scaling;
    }
}
