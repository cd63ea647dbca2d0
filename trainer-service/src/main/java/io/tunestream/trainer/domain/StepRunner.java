package io.tunestream.trainer.domain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.optim.GlobalNormClipping;
import io.tunestream.model.optim.MixedPrecision;
import io.tunestream.model.optim.ParameterGroupAdamW;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer step over {@code accumulation} micro-batches: each micro-batch's loss (from the job's
 * {@link TrainingObjective}, divided by the number of micro-batches) is back-propagated in its own sub-manager,
 * closed right after, so gradients add up while activations do not; then global-norm clipping and the AdamW update (through the fp32
 * masters when mixed precision is on).
 */
final class StepRunner {

    private final FineTuneJob job;
    private final Optimizer optimizer;
    private final MixedPrecision mixedPrecision;
    private final double clipNorm;

    StepRunner(FineTuneJob job, Optimizer optimizer, MixedPrecision mixedPrecision) {
        this.job = job;
        this.optimizer = optimizer;
        this.mixedPrecision = mixedPrecision;
        Double clip = job.request().getHyperParameters().getClipNorm();
        this.clipNorm = clip == null ? 0 : clip;
    }

    /** What one step did. */
    record StepResult(double loss, double gradNorm, int samples, long tokens, boolean skipped) {
    }

    StepResult step(List<List<Example>> microBatches) {
        double lossSum = 0;
        long tokens = 0;
        int samples = 0;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (List<Example> batch : microBatches) {
                try (NDManager sub = job.manager().newSubManager()) {
                    TrainingObjective.BatchLoss batchLoss = job.objective().trainingLoss(batch, sub);
                    NDArray loss = batchLoss.loss();
                    lossSum += loss.toType(DataType.FLOAT32, false).getFloat();
                    if (microBatches.size() > 1) {
                        loss = loss.mul(sub.full(new Shape(), 1f / microBatches.size(), loss.getDataType()));
                    }
                    collector.backward(mixedPrecision == null ? loss : mixedPrecision.scaleLoss(loss));
                    tokens += batchLoss.tokens();
                    samples += batch.size();
                }
            }
        }
        double loss = lossSum / microBatches.size();
        if (mixedPrecision != null) {
            MixedPrecision.StepOutcome outcome = mixedPrecision.step(optimizer, clipNorm);
            return new StepResult(loss, outcome.gradientNorm(), samples, tokens, outcome.skipped());
        }
        return new StepResult(loss, update(), samples, tokens, false);
    }

    private double update() {
        List<TensorSlot> slots = List.copyOf(job.model().trainableSlots().values());
        List<NDArray> gradients = new ArrayList<>(slots.size());
        for (TensorSlot slot : slots) {
            gradients.add(slot.parameter().getArray().getGradient());
        }
        try {
            double norm = clipNorm > 0 ? GlobalNormClipping.clip(gradients, clipNorm)
                    : GlobalNormClipping.totalNorm(gradients);
            ParameterGroupAdamW.updateAll(optimizer, slots.stream().map(s -> s.parameter().getId()).toList(),
                    slots.stream().map(s -> s.parameter().getArray()).toList(), gradients);
            return norm;
        } finally {
            gradients.forEach(NDArray::close);
        }
    }
}
