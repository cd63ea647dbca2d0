package io.tunestream.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Dynamic loss scaling for fp16 training, with the rules of {@code torch.cuda.amp.GradScaler}: the loss
 * is multiplied by {@code scale} before backward; a step whose gradients hold inf/NaN is skipped and the
 * scale multiplied by {@code backoffFactor}; after {@code growthInterval} clean steps in a row the scale
 * is multiplied by {@code growthFactor}. DJL has no scaler of its own.
 */
public final class DynamicLossScaler {

    private final double growthFactor;
    private final double backoffFactor;
    private final int growthInterval;
    private final double maxScale;
    private double scale;
    private int cleanSteps;
    private long skippedSteps;

    /**
     * @param initialScale the first scale (torch default 65536)
     * @param growthFactor factor after a run of clean steps (torch default 2)
     * @param backoffFactor factor after an overflow (torch default 0.5)
     * @param growthInterval clean steps needed before growing (torch default 2000)
     */
    public DynamicLossScaler(double initialScale, double growthFactor, double backoffFactor, int growthInterval) {
        this(initialScale, growthFactor, backoffFactor, growthInterval, Double.POSITIVE_INFINITY);
    }

    /**
     * @param initialScale the first scale
     * @param growthFactor factor after a run of clean steps
     * @param backoffFactor factor after an overflow
     * @param growthInterval clean steps needed before growing
     * @param maxScale the scale never grows above this; with a loss computed in fp16 (DJL casts cut
     *     the graph, so the loss stays fp16) use {@link #FP16_MAX_SCALE}
     */
    public DynamicLossScaler(double initialScale, double growthFactor, double backoffFactor, int growthInterval,
            double maxScale) {
        if (initialScale <= 0 || initialScale > maxScale || growthFactor <= 1 || backoffFactor <= 0 || backoffFactor >= 1 || growthInterval < 1) {
            throw new IllegalArgumentException("invalid loss scaler settings: scale " + initialScale + ", growth "
                    + growthFactor + ", backoff " + backoffFactor + ", interval " + growthInterval);
        }
        this.scale = initialScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
        this.maxScale = maxScale;
    }

    /** The largest power of two an fp16 loss can be multiplied by (fp16's maximum is 65504). */
    public static final double FP16_MAX_SCALE = 32768;

    /** @return torch's growth rules for a loss computed in fp16: starts at, and never exceeds, 32768 */
    public static DynamicLossScaler forHalfPrecisionLoss() {
        return new DynamicLossScaler(FP16_MAX_SCALE, 2.0, 0.5, 2000, FP16_MAX_SCALE);
    }

    /** @return a scaler with torch's defaults (65536, x2, x0.5, every 2000 steps) */
    public static DynamicLossScaler withTorchDefaults() {
        return new DynamicLossScaler(65536.0, 2.0, 0.5, 2000);
    }

    /**
     * Multiplies the loss by the scale inside the training graph, with a 0-d constant in the loss's
     * type (a plain scalar operand can corrupt gradients in a DJL training graph, see FACTS.md).
     *
     * @param loss the loss
     * @return {@code loss * scale}
     */
    public NDArray scale(NDArray loss) {
        if (loss.getDataType() == DataType.FLOAT16 && scale > FP16_MAX_SCALE) {
            throw new IllegalStateException("loss scale " + scale + " does not fit an fp16 loss: build the scaler "
                    + "with maxScale " + FP16_MAX_SCALE + " (DynamicLossScaler.forHalfPrecisionLoss())");
        }
        NDArray factor = loss.getManager().full(new Shape(), (float) scale, loss.getDataType());
        return loss.mul(factor);
    }

    /**
     * Records the outcome of a step.
     *
     * @param overflow true when the unscaled gradients held inf or NaN (the step was skipped)
     */
    public void update(boolean overflow) {
        if (overflow) {
            scale *= backoffFactor;
            cleanSteps = 0;
            skippedSteps++;
            return;
        }
        cleanSteps++;
        if (cleanSteps == growthInterval) {
            scale = Math.min(scale * growthFactor, maxScale);
            cleanSteps = 0;
        }
    }

    /** @return the current scale */
    public double scale() {
        return scale;
    }

    /** @return clean steps since the last growth or overflow */
    public int cleanSteps() {
        return cleanSteps;
    }

    /** @return steps skipped because of overflow, since creation */
    public long skippedSteps() {
        return skippedSteps;
    }
}
