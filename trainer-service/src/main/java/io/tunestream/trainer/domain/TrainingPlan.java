package io.tunestream.trainer.domain;

import io.tunestream.events.HyperParameters;
import io.tunestream.model.optim.LearningRateSchedule;
import io.tunestream.model.optim.LearningRateSchedules;

/**
 * How many steps a job takes and when it evaluates, worked out from the hyper-parameters and the size of
 * the train split.
 *
 * @param microBatch examples per forward pass ({@code min(batchSize, train size)})
 * @param accumulation micro-batches per optimizer step
 * @param stepsPerEpoch optimizer steps per pass over the train split
 * @param totalSteps optimizer steps in all ({@code maxSteps} when set, else epochs x steps per epoch)
 * @param warmupSteps warm-up steps (explicit, or the ratio of the total)
 * @param evalEverySteps evaluate every N steps; equal to {@code stepsPerEpoch} when the request says "each epoch"
 * @param note a warning for the job status (e.g. a reduced batch), or null
 */
public record TrainingPlan(int microBatch, int accumulation, int stepsPerEpoch, int totalSteps, int warmupSteps,
        int evalEverySteps, String note) {

    /**
     * @param h the request's hyper-parameters
     * @param trainSize records in the train split (at least 2)
     * @return the plan
     */
    public static TrainingPlan of(HyperParameters h, int trainSize) {
        int micro = Math.min(h.getBatchSize(), trainSize);
        String note = micro < h.getBatchSize()
                ? "batch size reduced from " + h.getBatchSize() + " to " + micro + ": the train split has only "
                        + trainSize + " records"
                : null;
        int accumulation = h.getGradientAccumulation();
        int microBatches = (trainSize + micro - 1) / micro;
        int stepsPerEpoch = Math.max(1, microBatches / accumulation);
        int total = h.getMaxSteps() != null ? h.getMaxSteps() : h.getEpochs() * stepsPerEpoch;
        int warmup = LearningRateSchedules.warmupSteps(total, h.getWarmupSteps() == null ? 0 : h.getWarmupSteps(),
                h.getWarmupRatio());
        int evalEvery = h.getEvalEverySteps() != null ? h.getEvalEverySteps() : stepsPerEpoch;
        return new TrainingPlan(micro, accumulation, stepsPerEpoch, total, warmup, evalEvery, note);
    }

    /**
     * @param h the hyper-parameters (peak rate, schedule)
     * @return the learning-rate schedule of this plan
     */
    public LearningRateSchedule schedule(HyperParameters h) {
        float lr = (float) h.getLearningRate();
        return switch (h.getSchedule()) {
            case COSINE -> LearningRateSchedules.cosine(lr, warmupSteps, totalSteps);
            case LINEAR -> LearningRateSchedules.linear(lr, warmupSteps, totalSteps);
            case CONSTANT -> LearningRateSchedules.constant(lr, warmupSteps);
            // Step decay: halve the rate three times over the run after warm-up.
            case STEP -> LearningRateSchedules.stepDecay(lr, warmupSteps,
                    Math.max(1, (totalSteps - warmupSteps) / 4), 0.5);
        };
    }
}
