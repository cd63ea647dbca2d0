package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Paired tests of two causal LMs' per-example loss: the bootstrap of the mean loss and the signed-rank test. */
class LanguageModelComparisonTest {

    private static final BootstrapSettings SETTINGS = new BootstrapSettings(1_000, 7L, 0.95);

    @Test
    void shouldFindChallengerBetterWhenItsLossIsLowerOnMostExamples() {
        // Given 60 examples; the challenger's loss is ~0.3 nats/token lower, with noise
        ExampleLosses champion = losses(60, 2.0, 0.0, 1);
        ExampleLosses challenger = losses(60, 2.0, -0.3, 1);

        // When
        LanguageModelComparison ab = LanguageModelComparison.run(champion, challenger, SETTINGS);

        // Then
        assertThat(ab.meanLossDelta()).isCloseTo(challenger.meanLoss() - champion.meanLoss(), within(1e-12))
                .isNegative();
        assertThat(ab.bootstrap().metric()).isEqualTo("mean_loss");
        assertThat(ab.bootstrap().ciUpper()).isNegative();
        assertThat(ab.bootstrap().ciLower()).isLessThan(ab.meanLossDelta());
        assertThat(ab.bootstrap().pValue()).isEqualTo(1.0 / 1_001);
        assertThat(ab.wilcoxon().method()).isEqualTo(WilcoxonResult.Method.NORMAL);
        assertThat(ab.wilcoxon().pValue()).isLessThan(1e-6);
        assertThat(ab.challenger().perplexity()).isLessThan(ab.champion().perplexity());
    }

    @Test
    void shouldGiveLargePValuesWhenChallengerIsWorse() {
        // Given the challenger's loss is higher
        ExampleLosses champion = losses(40, 2.0, 0.0, 1);
        ExampleLosses challenger = losses(40, 2.0, 0.4, 1);

        // When
        LanguageModelComparison ab = LanguageModelComparison.run(champion, challenger, SETTINGS);

        // Then
        assertThat(ab.meanLossDelta()).isPositive();
        assertThat(ab.bootstrap().ciLower()).isPositive();
        assertThat(ab.bootstrap().pValue()).isEqualTo(1.0);
        assertThat(ab.wilcoxon().pValue()).isGreaterThan(0.99);
    }

    @Test
    void shouldWeightTheMeanLossByEachModelsTokensWhenTokenizersDiffer() {
        // Given the same examples split into twice as many tokens by the challenger's tokenizer, same nats per text
        ExampleLosses champion = new ExampleLosses(new double[] {4, 6}, new int[] {2, 3}, new int[] {1, 1});
        ExampleLosses challenger = new ExampleLosses(new double[] {4, 6}, new int[] {4, 6}, new int[] {2, 2});

        // When
        LanguageModelComparison ab = LanguageModelComparison.run(champion, challenger, SETTINGS);

        // Then per-token losses differ (2 vs 1), the per-text losses compared by the signed-rank test do not
        assertThat(ab.meanLossDelta()).isCloseTo(-1.0, within(1e-12));
        assertThat(ab.wilcoxon().zeros()).isEqualTo(2);
        assertThat(ab.wilcoxon().pValue()).isEqualTo(1.0);
    }

    /** Per-example summed loss ~ (mean + shift) * tokens with per-example noise; 3-12 tokens per example. */
    private static ExampleLosses losses(int n, double mean, double shift, long seed) {
        Random random = new Random(seed);
        double[] loss = new double[n];
        int[] tokens = new int[n];
        int[] correct = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = 3 + random.nextInt(10);
            double perToken = mean + 0.5 * random.nextGaussian();
            loss[i] = Math.max(0, (perToken + shift) * tokens[i]);
            correct[i] = tokens[i] / 2;
        }
        return new ExampleLosses(loss, tokens, correct);
    }
}
