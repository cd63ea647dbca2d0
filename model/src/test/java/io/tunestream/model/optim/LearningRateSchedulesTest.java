package io.tunestream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Expected values are worked by hand from the HF transformers lr_lambda formulas. */
class LearningRateSchedulesTest {

    @Test
    void shouldRampThenDecayLinearlyWhenLinearSchedule() {
        // Given warm-up 10 of 100 steps (HF get_linear_schedule_with_warmup)
        LearningRateSchedule schedule = LearningRateSchedules.linear(1e-3f, 10, 100);

        // Then: step/10 during warm-up, (100 - step)/90 after, never negative
        assertThat(schedule.multiplier(0)).isEqualTo(0.0);
        assertThat(schedule.multiplier(5)).isEqualTo(0.5);
        assertThat(schedule.multiplier(10)).isEqualTo(1.0);
        assertThat(schedule.multiplier(55)).isCloseTo(0.5, within(1e-12));
        assertThat(schedule.multiplier(91)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.multiplier(100)).isEqualTo(0.0);
        assertThat(schedule.multiplier(120)).isEqualTo(0.0);
        assertThat(schedule.learningRate(55)).isCloseTo(5e-4f, within(1e-9f));
    }

    @Test
    void shouldFollowHalfCosineWhenCosineSchedule() {
        // Given no warm-up and 4 steps: 0.5 * (1 + cos(pi * step / 4))
        LearningRateSchedule schedule = LearningRateSchedules.cosine(1f, 0, 4);

        // Then
        assertThat(schedule.multiplier(0)).isEqualTo(1.0);
        assertThat(schedule.multiplier(1)).isCloseTo(0.8535533905932737, within(1e-12));
        assertThat(schedule.multiplier(2)).isCloseTo(0.5, within(1e-12));
        assertThat(schedule.multiplier(3)).isCloseTo(0.14644660940672627, within(1e-12));
        assertThat(schedule.multiplier(4)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shouldWarmUpBeforeCosineWhenWarmupGiven() {
        // Given warm-up 4 of 12 steps
        LearningRateSchedule schedule = LearningRateSchedules.cosine(2f, 4, 12);

        // Then: linear to step 4, half way down the cosine at step 8
        assertThat(schedule.multiplier(1)).isEqualTo(0.25);
        assertThat(schedule.multiplier(4)).isEqualTo(1.0);
        assertThat(schedule.multiplier(8)).isCloseTo(0.5, within(1e-12));
        assertThat(schedule.learningRate(8)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void shouldDropByGammaEveryStepSizeWhenStepDecay() {
        // Given warm-up 2, then x0.1 every 3 steps
        LearningRateSchedule schedule = LearningRateSchedules.stepDecay(1f, 2, 3, 0.1);

        // Then
        assertThat(schedule.multiplier(1)).isEqualTo(0.5);
        assertThat(schedule.multiplier(2)).isEqualTo(1.0);
        assertThat(schedule.multiplier(4)).isEqualTo(1.0);
        assertThat(schedule.multiplier(5)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.multiplier(8)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void shouldStayConstantAfterWarmupWhenConstantSchedule() {
        LearningRateSchedule schedule = LearningRateSchedules.constant(3f, 3);
        assertThat(schedule.multiplier(0)).isEqualTo(0.0);
        assertThat(schedule.multiplier(2)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(schedule.multiplier(3)).isEqualTo(1.0);
        assertThat(schedule.multiplier(1000)).isEqualTo(1.0);
    }

    @Test
    void shouldGiveTheTthOptimizerStepHfsValueWhenUsedAsDjlTracker() {
        // Given HF's LambdaLR: the first optimizer.step() runs with lr_lambda(0) (0 during warm-up)
        LearningRateSchedule schedule = LearningRateSchedules.linear(1f, 10, 100);

        // Then DJL's 1-based update count t maps to lr_lambda(t - 1)
        assertThat(schedule.getNewValue(1)).isEqualTo(0f);
        assertThat(schedule.getNewValue(2)).isEqualTo(0.1f);
        assertThat(schedule.getNewValue("any-parameter-id", 11)).isEqualTo(1f);
    }

    @Test
    void shouldComputeWarmupFromRatioWhenStepsNotGiven() {
        // HF TrainingArguments.get_warmup_steps: ceil(total * ratio) unless explicit steps > 0
        assertThat(LearningRateSchedules.warmupSteps(1000, 0, 0.06)).isEqualTo(60);
        assertThat(LearningRateSchedules.warmupSteps(1000, 0, 0.0615)).isEqualTo(62);
        assertThat(LearningRateSchedules.warmupSteps(1000, 5, 0.5)).isEqualTo(5);
    }
}
