package io.tunestream.model.optim;

/** Factories for {@link LearningRateSchedule}: warm-up (steps or ratio) then constant, linear, cosine or step decay. */
public final class LearningRateSchedules {

    private LearningRateSchedules() {
    }

    /**
     * Warm-up steps as HF {@code TrainingArguments.get_warmup_steps} computes them.
     *
     * @param totalSteps total optimizer steps
     * @param warmupSteps explicit warm-up steps; when &gt; 0 they win
     * @param warmupRatio fraction of the total, used when warmupSteps is 0
     * @return {@code warmupSteps > 0 ? warmupSteps : ceil(totalSteps * warmupRatio)}
     */
    public static int warmupSteps(int totalSteps, int warmupSteps, double warmupRatio) {
        return warmupSteps > 0 ? warmupSteps : (int) Math.ceil(totalSteps * warmupRatio);
    }

    /**
     * @param baseLr peak learning rate
     * @param warmupSteps steps of linear warm-up from 0
     * @param totalSteps steps after which the rate reaches 0
     * @return HF's {@code get_cosine_schedule_with_warmup} (half a cosine cycle)
     */
    public static LearningRateSchedule cosine(float baseLr, int warmupSteps, int totalSteps) {
        return new LearningRateSchedule(baseLr, warmupSteps, totalSteps, LearningRateSchedule.Decay.COSINE, 1, 1);
    }

    /**
     * @param baseLr peak learning rate
     * @param warmupSteps steps of linear warm-up from 0
     * @param totalSteps steps after which the rate reaches 0
     * @return HF's {@code get_linear_schedule_with_warmup}
     */
    public static LearningRateSchedule linear(float baseLr, int warmupSteps, int totalSteps) {
        return new LearningRateSchedule(baseLr, warmupSteps, totalSteps, LearningRateSchedule.Decay.LINEAR, 1, 1);
    }

    /**
     * @param baseLr learning rate after warm-up
     * @param warmupSteps steps of linear warm-up from 0
     * @return HF's {@code get_constant_schedule_with_warmup}
     */
    public static LearningRateSchedule constant(float baseLr, int warmupSteps) {
        return new LearningRateSchedule(baseLr, warmupSteps, warmupSteps, LearningRateSchedule.Decay.CONSTANT, 1, 1);
    }

    /**
     * @param baseLr learning rate after warm-up
     * @param warmupSteps steps of linear warm-up from 0
     * @param stepSize steps between decays
     * @param gamma factor applied at each decay
     * @return warm-up, then {@code baseLr * gamma^floor((step - warmup) / stepSize)}
     */
    public static LearningRateSchedule stepDecay(float baseLr, int warmupSteps, int stepSize, double gamma) {
        return new LearningRateSchedule(baseLr, warmupSteps, warmupSteps, LearningRateSchedule.Decay.STEP, stepSize, gamma);
    }
}
