package io.tunestream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

class DynamicLossScalerTest {

    @Test
    void shouldHalveScaleAndRestartCountWhenOverflow() {
        // Given a scaler that has seen two clean steps
        DynamicLossScaler scaler = new DynamicLossScaler(1024, 2, 0.5, 3);
        scaler.update(false);
        scaler.update(false);

        // When a step overflows
        scaler.update(true);

        // Then the scale backs off and the clean-step count restarts
        assertThat(scaler.scale()).isEqualTo(512);
        assertThat(scaler.cleanSteps()).isZero();
        assertThat(scaler.skippedSteps()).isEqualTo(1);
    }

    @Test
    void shouldGrowScaleWhenGrowthIntervalOfCleanStepsPasses() {
        // Given an interval of 3
        DynamicLossScaler scaler = new DynamicLossScaler(1024, 2, 0.5, 3);

        // When 2, then 3, then 6 clean steps have passed
        scaler.update(false);
        scaler.update(false);
        double afterTwo = scaler.scale();
        scaler.update(false);
        double afterThree = scaler.scale();
        for (int i = 0; i < 3; i++) {
            scaler.update(false);
        }

        // Then it grew once at 3 and again at 6
        assertThat(afterTwo).isEqualTo(1024);
        assertThat(afterThree).isEqualTo(2048);
        assertThat(scaler.scale()).isEqualTo(4096);
        assertThat(scaler.skippedSteps()).isZero();
    }

    @Test
    void shouldStopGrowingWhenMaxScaleReached() {
        // Given the fp16-loss scaler, already at its maximum
        DynamicLossScaler scaler = new DynamicLossScaler(16384, 2, 0.5, 1, DynamicLossScaler.FP16_MAX_SCALE);

        // When many clean steps pass
        for (int i = 0; i < 5; i++) {
            scaler.update(false);
        }

        // Then it stops at 32768, which still fits an fp16 loss
        assertThat(scaler.scale()).isEqualTo(32768);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray loss = manager.create(1f).toType(DataType.FLOAT16, false);
            assertThat(scaler.scale(loss).toType(DataType.FLOAT32, false).getFloat()).isEqualTo(32768f);
        }
    }

    @Test
    void shouldMultiplyLossByScaleWhenScaling() {
        // Given an fp16 loss
        DynamicLossScaler scaler = new DynamicLossScaler(256, 2, 0.5, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray loss = manager.create(0.75f).toType(DataType.FLOAT16, false);

            // When
            NDArray scaled = scaler.scale(loss);

            // Then the type is kept and the value multiplied
            assertThat(scaled.getDataType()).isEqualTo(DataType.FLOAT16);
            assertThat(scaled.toType(DataType.FLOAT32, false).getFloat()).isEqualTo(192f);
        }
    }

    @Test
    void shouldGiveExactScaledGradientsWhenGarbageCollectionRunsBeforeBackward() {
        // Given: on DJL 0.33 a plain scalar operand (loss.mul(256f)) in a training graph is freed by GC
        // before backward and corrupts the gradient (seen in most runs); the scaler uses 0-d tensors
        DynamicLossScaler scaler = new DynamicLossScaler(256, 2, 0.5, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {0.5f, -1f, 2f});
            weight.setRequiresGradient(true);
            for (int round = 0; round < 20; round++) {
                try (NDManager step = manager.newSubManager()) {
                    // When the scaled loss sum(w^2) * 256 is built, GC runs, then backward
                    try (ai.djl.training.GradientCollector collector = manager.getEngine().newGradientCollector()) {
                        NDArray scaled = scaler.scale(weight.mul(weight).sum());
                        scaled.attach(step);
                        for (int i = 0; i < 20; i++) {
                            step.create(new float[4096]).close();
                        }
                        System.gc();
                        collector.backward(scaled);
                    }

                    // Then the gradient is exactly 2 * w * 256 every time
                    try (NDArray gradient = weight.getGradient()) {
                        assertThat(gradient.toFloatArray()).as("round %d", round).containsExactly(256f, -512f, 1024f);
                        gradient.subi(gradient);
                    }
                }
            }
        }
    }

    @Test
    void shouldRejectSettingsWhenTheyCannotWork() {
        assertThatThrownBy(() -> new DynamicLossScaler(0, 2, 0.5, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DynamicLossScaler(8, 2, 1.5, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DynamicLossScaler.withTorchDefaults().scale()).isEqualTo(65536);
    }
}
