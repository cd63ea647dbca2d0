package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

    @Test
    void shouldMatchScipySpearmanrDocstringWhenValuesTie() {
        // Given scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) (7 appears twice)
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {5, 6, 7, 8, 7};

        // When
        double rho = RegressionMetrics.spearman(x, y);

        // Then statistic=0.8207826816681233
        assertThat(rho).isCloseTo(0.8207826816681233, within(1e-12));
    }

    @Test
    void shouldMatchScipyPearsonrDocstringWhenComputingPearson() {
        // Given scipy.stats.pearsonr's docstring example
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        double[] y = {10, 9, 2.5, 6, 4, 3, 2};

        // When
        double r = RegressionMetrics.pearson(x, y);

        // Then statistic=-0.828503883588428
        assertThat(r).isCloseTo(-0.828503883588428, within(1e-12));
    }

    @Test
    void shouldMatchSklearnErrorDocstringsWhenComputingMseAndMae() {
        // Given mean_squared_error / mean_absolute_error docstring example
        double[] yTrue = {3, -0.5, 2, 7};
        double[] yPred = {2.5, 0.0, 2, 8};

        // When
        RegressionMetrics m = RegressionMetrics.of(yTrue, yPred);

        // Then 0.375 and 0.5
        assertThat(m.mse()).isCloseTo(0.375, within(1e-15));
        assertThat(m.mae()).isCloseTo(0.5, within(1e-15));
        assertThat(m.sampleCount()).isEqualTo(4);
    }

    @Test
    void shouldGiveOneForMonotoneButNonLinearRelationWhenUsingSpearman() {
        // Given y = x^3
        double[] x = {-2, -1, 0, 1, 2, 3};
        double[] y = {-8, -1, 0, 1, 8, 27};

        // When
        RegressionMetrics m = RegressionMetrics.of(x, y);

        // Then rank correlation is perfect, linear correlation is not
        assertThat(m.spearman()).isCloseTo(1.0, within(1e-15));
        assertThat(m.pearson()).isLessThan(0.95);
    }

    @Test
    void shouldGiveNanWhenOneSideIsConstant() {
        // Given / When
        RegressionMetrics m = RegressionMetrics.of(new double[] {1, 2, 3}, new double[] {4, 4, 4});

        // Then as scipy (ConstantInputWarning, nan)
        assertThat(m.spearman()).isNaN();
        assertThat(m.pearson()).isNaN();
    }

    @Test
    void shouldRejectInputWhenTooShortOrMismatched() {
        // Given / When / Then
        assertThatThrownBy(() -> RegressionMetrics.of(new double[] {1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegressionMetrics.of(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegressionMetrics.of(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
