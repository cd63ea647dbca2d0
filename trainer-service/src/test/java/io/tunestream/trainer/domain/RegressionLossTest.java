package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class RegressionLossTest {

    private static final float[] PREDICTED = {0.5f, 3f, -1f, 2f};
    private static final float[] TARGET = {0f, 0f, 0f, 2f};

    @Test
    void shouldBeQuadraticInsideDeltaAndLinearBeyondWhenTheLossIsHuber() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given differences 0.5, 3, -1, 0 and delta 1: 0.5*0.25 + (3 - 0.5) + 0.5*1 + 0 = 3.125, mean 0.78125
            NDArray loss = new RegressionLoss("huber", 1.0).apply(manager.create(PREDICTED).reshape(4, 1),
                    manager.create(TARGET));
            // Then as torch.nn.HuberLoss(delta=1.0)
            assertThat(loss.getFloat()).isCloseTo(0.78125f, within(1e-6f));
        }
    }

    @Test
    void shouldAverageSquaredErrorsWhenTheLossIsMse() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given differences 0.5, 3, -1, 0: (0.25 + 9 + 1 + 0) / 4
            NDArray loss = new RegressionLoss("mse", 1.0).apply(manager.create(PREDICTED), manager.create(TARGET));
            // Then
            assertThat(loss.getFloat()).isCloseTo(2.5625f, within(1e-6f));
        }
    }

    @Test
    void shouldGiveFarOffTargetsLessPullThanMseWhenTheLossIsHuber() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given one prediction 10 away: its gradient is delta (1) with Huber, 2*10/n with MSE
            NDArray predicted = manager.create(new float[] {10f, 0f});
            predicted.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(new RegressionLoss("huber", 1.0).apply(predicted, manager.create(new float[] {0f, 0f})));
            }
            // Then d(mean)/dx = 1/2 * delta for the far one, 0 for the exact one
            assertThat(predicted.getGradient().toFloatArray()).containsExactly(0.5f, 0f);
        }
    }
}
