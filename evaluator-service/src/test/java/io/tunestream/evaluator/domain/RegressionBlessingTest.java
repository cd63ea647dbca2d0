package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegressionBlessingTest {

    private static final double[] TRUTH = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void shouldBlessAFirstModelWhenItRanksTheTestExamples() {
        // Given
        RegressionMetrics metrics = RegressionMetrics.of(TRUTH, new double[] {2, 1, 3, 5, 4, 6, 8, 7, 9, 10});
        // When
        BlessingDecision decision = RegressionBlessing.decide(metrics, Optional.empty(), 0.05);
        // Then
        assertThat(decision.blessed()).isTrue();
        assertThat(decision.reasons()).containsExactly("PASS: Spearman 0.9636 > 0 (a regression model must rank the "
                + "test examples better than chance)", "INFO: no champion yet: no A/B comparison");
    }

    @Test
    void shouldRefuseAChallengerWhoseAbsoluteErrorsAreNotSignificantlyLower() {
        // Given a champion off by 1 everywhere and a challenger off by 1.5 everywhere
        double[] champion = new double[TRUTH.length];
        double[] challenger = new double[TRUTH.length];
        for (int i = 0; i < TRUTH.length; i++) {
            champion[i] = TRUTH[i] + 1;
            challenger[i] = TRUTH[i] - 1.5;
        }
        RegressionComparison ab = RegressionComparison.run(TRUTH, champion, challenger);
        // When
        BlessingDecision decision = RegressionBlessing.decide(RegressionMetrics.of(TRUTH, challenger), Optional.of(ab), 0.05);
        // Then the rank correlation is perfect but the A/B fails: W+ = 55 (every error larger), p = 1
        assertThat(ab.maeDelta()).isEqualTo(0.5);
        assertThat(ab.wilcoxon().statistic()).isEqualTo(55);
        assertThat(decision.blessed()).isFalse();
        assertThat(decision.reasons().get(1)).startsWith("FAIL: Wilcoxon signed-rank test on paired absolute errors");
    }

    @Test
    void shouldBlessAChallengerWhoseAbsoluteErrorsAreLowerOnEveryExample() {
        // Given
        double[] champion = new double[TRUTH.length];
        double[] challenger = new double[TRUTH.length];
        for (int i = 0; i < TRUTH.length; i++) {
            champion[i] = TRUTH[i] + 2 + 0.1 * i;
            challenger[i] = TRUTH[i] - 0.5;
        }
        // When
        RegressionComparison ab = RegressionComparison.run(TRUTH, champion, challenger);
        BlessingDecision decision = RegressionBlessing.decide(RegressionMetrics.of(TRUTH, challenger), Optional.of(ab), 0.05);
        // Then 10 of 10 lower: exact one-sided p = 1/1024
        assertThat(ab.wilcoxon().pValue()).isEqualTo(1.0 / 1024);
        assertThat(decision.blessed()).isTrue();
    }
}
