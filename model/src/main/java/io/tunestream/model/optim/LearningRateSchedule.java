package io.tunestream.model.optim;

import ai.djl.training.tracker.Tracker;

/**
 * A learning rate with linear warm-up then a decay, computed like the Hugging Face schedulers
 * ({@code get_linear_schedule_with_warmup}, {@code get_cosine_schedule_with_warmup},
 * {@code get_constant_schedule_with_warmup}; step decay like {@code torch.optim.lr_scheduler.StepLR}
 * after the warm-up). As a DJL {@link Tracker}: update number {@code t} (1-based, as DJL counts) uses
 * {@code baseLr * multiplier(t - 1)}, the value HF's LambdaLR gives the t-th {@code optimizer.step()}.
 */
public final class LearningRateSchedule implements Tracker {

    /** What happens after the warm-up. */
    public enum Decay { CONSTANT, LINEAR, COSINE, STEP }

    private final float baseLr;
    private final int warmupSteps;
    private final int totalSteps;
    private final Decay decay;
    private final int stepSize;
    private final double gamma;

    LearningRateSchedule(float baseLr, int warmupSteps, int totalSteps, Decay decay, int stepSize, double gamma) {
        if (warmupSteps < 0 || totalSteps < 0 || stepSize < 1 || baseLr < 0) {
            throw new IllegalArgumentException("invalid schedule: lr " + baseLr + ", warm-up " + warmupSteps
                    + ", total " + totalSteps + ", step size " + stepSize);
        }
        this.baseLr = baseLr;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.decay = decay;
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    /**
     * The factor HF's {@code lr_lambda(current_step)} returns.
     *
     * @param step scheduler steps taken so far (0 before the first optimizer step)
     * @return the factor applied to the base learning rate
     */
    public double multiplier(int step) {
        if (step < warmupSteps) {
            return (double) step / Math.max(1, warmupSteps);
        }
        int afterWarmup = step - warmupSteps;
        double span = Math.max(1, totalSteps - warmupSteps);
        switch (decay) {
            case LINEAR:
                return Math.max(0.0, (totalSteps - step) / span);
            case COSINE:
                return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * afterWarmup / span)));
            case STEP:
                return Math.pow(gamma, afterWarmup / stepSize);
            default:
                return 1.0;
        }
    }

    /**
     * @param step scheduler steps taken so far
     * @return the learning rate for the next optimizer step
     */
    public float learningRate(int step) {
        return (float) (baseLr * multiplier(step));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return learningRate(Math.max(0, numUpdate - 1));
    }

    /** @return the number of warm-up steps */
    public int warmupSteps() {
        return warmupSteps;
    }

    @Override
    public String toString() {
        return decay + " schedule, lr " + baseLr + ", warm-up " + warmupSteps + " of " + totalSteps + " steps";
    }
}
