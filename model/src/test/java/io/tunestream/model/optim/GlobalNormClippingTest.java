package io.tunestream.model.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GlobalNormClippingTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void shouldScaleAllGradientsTogetherWhenTotalNormExceedsMax() {
        // Given gradients [3, 4] and [12]: global norm sqrt(9 + 16 + 144) = 13
        NDArray first = manager.create(new float[] {3f, 4f});
        NDArray second = manager.create(new float[] {12f});

        // When clipped to 6.5
        double norm = GlobalNormClipping.clip(List.of(first, second), 6.5);

        // Then the pre-clip norm is returned and both are scaled by 6.5 / (13 + 1e-6), as torch does
        double coefficient = 6.5 / (13 + 1e-6);
        assertThat(norm).isCloseTo(13.0, within(1e-6));
        assertThat((double) first.toFloatArray()[0]).isCloseTo(3 * coefficient, within(1e-6));
        assertThat((double) first.toFloatArray()[1]).isCloseTo(4 * coefficient, within(1e-6));
        assertThat((double) second.getFloat(0)).isCloseTo(12 * coefficient, within(1e-6));
        assertThat(GlobalNormClipping.totalNorm(List.of(first, second))).isCloseTo(6.5, within(1e-5));
    }

    @Test
    void shouldLeaveGradientsUntouchedWhenNormIsBelowMax() {
        // Given a gradient of norm 5
        NDArray gradient = manager.create(new float[] {3f, 4f});

        // When clipped to 10
        double norm = GlobalNormClipping.clip(List.of(gradient), 10);

        // Then it is unchanged
        assertThat(norm).isCloseTo(5.0, within(1e-6));
        assertThat(gradient.toFloatArray()).containsExactly(3f, 4f);
    }

    @Test
    void shouldReportInfinityAndNotScaleWhenAGradientOverflowed() {
        // Given an fp16 gradient holding inf
        NDArray gradient = manager.create(new float[] {Float.POSITIVE_INFINITY, 1f}).toType(DataType.FLOAT16, false);

        // When
        double norm = GlobalNormClipping.clip(List.of(gradient), 1.0);

        // Then
        assertThat(norm).isInfinite();
        assertThat(gradient.toType(DataType.FLOAT32, false).toFloatArray()).containsExactly(Float.POSITIVE_INFINITY, 1f);
    }
}
