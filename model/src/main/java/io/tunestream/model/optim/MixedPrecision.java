package io.tunestream.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fp16 mixed precision by hand (DJL has no autocast; casts inside the graph pass no gradient): the
 * model computes with FLOAT16 parameters, the optimizer updates FLOAT32 master copies, and a
 * {@link DynamicLossScaler} keeps small fp16 gradients from underflowing. One step: unscale the fp16
 * gradients into fp32, skip the step if any is inf/NaN, clip by global norm, update the masters,
 * copy them back into the fp16 parameters (in place), zero the gradients.
 *
 * <p>The same code runs on GPU (the point of it) and CPU (tests): libtorch has fp16 kernels for both.
 */
public final class MixedPrecision implements AutoCloseable {

    private final List<Pair<Parameter, NDArray>> mastersByParameter;
    private final DynamicLossScaler scaler;
    private final NDManager masterManager;

    private MixedPrecision(List<Pair<Parameter, NDArray>> masters, DynamicLossScaler scaler, NDManager masterManager) {
        this.mastersByParameter = masters;
        this.scaler = scaler;
        this.masterManager = masterManager;
    }

    /**
     * Replaces every FLOAT32 parameter array by a FLOAT16 one and keeps an exact FLOAT32 master copy of
     * each trainable parameter. Call it BEFORE the first forward pass of any {@code ParameterStore}
     * or {@code Trainer}: they cache the parameter arrays they see first.
     *
     * @param parameters the model's parameters ({@code block.getParameters()})
     * @param manager parent of the manager that will own the master copies
     * @param scaler the loss scaler
     * @return the mixed-precision state; close it to free the masters
     */
    public static MixedPrecision toHalf(ParameterList parameters, NDManager manager, DynamicLossScaler scaler) {
        NDManager masterManager = manager.newSubManager();
        List<Pair<Parameter, NDArray>> masters = new ArrayList<>();
        for (Pair<String, Parameter> pair : parameters) {
            Parameter parameter = pair.getValue();
            NDArray array = parameter.getArray();
            if (array.getDataType() != DataType.FLOAT32) {
                continue;
            }
            if (parameter.requiresGradient()) {
                NDArray master = array.duplicate();
                master.attach(masterManager);
                master.setRequiresGradient(false);
                masters.add(new Pair<>(parameter, master));
            }
            NDArray half = array.toType(DataType.FLOAT16, true);
            boolean trainable = parameter.requiresGradient();
            parameter.close();
            parameter.setShape(null);
            parameter.setArray(half);
            half.setRequiresGradient(trainable);
        }
        return new MixedPrecision(masters, scaler, masterManager);
    }

    /**
     * @param loss the fp16 or fp32 loss, inside the gradient collector
     * @return the loss multiplied by the current scale, to call {@code backward} on
     */
    public NDArray scaleLoss(NDArray loss) {
        return scaler.scale(loss);
    }

    /**
     * Applies one optimizer step from the fp16 gradients of the last backward pass.
     *
     * @param optimizer updates the fp32 masters (parameters are passed by their ids, as DJL does)
     * @param maxGradNorm clip the unscaled gradients to this global L2 norm; &lt;= 0 for no clipping
     * @return whether the step was applied or skipped, the unscaled gradient norm, the scale used
     */
    public StepOutcome step(Optimizer optimizer, double maxGradNorm) {
        double scaleUsed = scaler.scale();
        List<Pair<Parameter, NDArray>> withGradients = new ArrayList<>();
        List<NDArray> gradients = new ArrayList<>();
        try {
            unscaledGradients(scaleUsed, withGradients, gradients);
            double norm = GlobalNormClipping.totalNorm(gradients);
            boolean overflow = !Double.isFinite(norm);
            if (!overflow) {
                if (maxGradNorm > 0) {
                    GlobalNormClipping.clip(gradients, maxGradNorm);
                }
                applyUpdates(optimizer, withGradients, gradients);
            }
            mastersByParameter.forEach(pair -> Gradients.zero(pair.getKey().getArray()));
            scaler.update(overflow);
            return new StepOutcome(overflow, norm, scaleUsed);
        } finally {
            gradients.forEach(NDArray::close);
        }
    }

    private void unscaledGradients(double scale, List<Pair<Parameter, NDArray>> withGradients, List<NDArray> out) {
        float inverse = (float) (1.0 / scale);
        for (Pair<Parameter, NDArray> pair : mastersByParameter) {
            NDArray working = pair.getKey().getArray();
            if (!working.hasGradient()) {
                continue;
            }
            try (NDArray gradient = working.getGradient()) {
                NDArray asFloat = gradient.toType(DataType.FLOAT32, true);
                out.add(asFloat.muli(inverse));
                withGradients.add(pair);
            }
        }
    }

    private static void applyUpdates(Optimizer optimizer, List<Pair<Parameter, NDArray>> slots, List<NDArray> gradients) {
        List<String> ids = new ArrayList<>(slots.size());
        List<NDArray> masters = new ArrayList<>(slots.size());
        for (Pair<Parameter, NDArray> slot : slots) {
            ids.add(slot.getKey().getId());
            masters.add(slot.getValue());
        }
        ParameterGroupAdamW.updateAll(optimizer, ids, masters, gradients);
        for (Pair<Parameter, NDArray> slot : slots) {
            try (NDArray half = slot.getValue().toType(DataType.FLOAT16, true)) {
                slot.getKey().getArray().set(new NDIndex("..."), half);
            }
        }
    }

    /** @return the fp32 master weights by parameter id (for checkpoints: save these, not the fp16 ones) */
    public Map<String, NDArray> masterWeights() {
        Map<String, NDArray> masters = new LinkedHashMap<>();
        mastersByParameter.forEach(pair -> masters.put(pair.getKey().getId(), pair.getValue()));
        return Collections.unmodifiableMap(masters);
    }

    /** @return the loss scaler */
    public DynamicLossScaler scaler() {
        return scaler;
    }

    @Override
    public void close() {
        masterManager.close();
    }

    /**
     * What one step did.
     *
     * @param skipped true when the gradients overflowed and no parameter changed
     * @param gradientNorm the global L2 norm of the unscaled gradients (inf/NaN when skipped)
     * @param scale the loss scale the gradients were computed with
     */
    public record StepOutcome(boolean skipped, double gradientNorm, double scale) {
    }
}
