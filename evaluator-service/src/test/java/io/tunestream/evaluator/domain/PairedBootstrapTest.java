package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

    private final List<String> truth = Fixtures.truth(400);

    @Test
    void shouldGiveZeroIntervalAndPValueOneWhenModelsPredictTheSame() {
        // Given
        List<String> same = Fixtures.predictions(truth, 5);

        // When
        BootstrapResult r = PairedBootstrap.compare(truth, same, same, EvaluationMetric.F1_MACRO,
                BootstrapSettings.defaults());

        // Then
        assertThat(r.difference()).isZero();
        assertThat(r.ciLower()).isZero();
        assertThat(r.ciUpper()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void shouldExcludeZeroAndGiveSmallPValueWhenChallengerIsClearlyBetter() {
        // Given champion wrong on 40% of records, challenger on 4%
        List<String> champion = Fixtures.predictions(truth, 5);
        List<String> challenger = Fixtures.predictions(truth, 50);
        BootstrapSettings settings = new BootstrapSettings(1_000, 7L, 0.95);

        // When
        BootstrapResult r = PairedBootstrap.compare(truth, champion, challenger, EvaluationMetric.F1_MACRO, settings);

        // Then
        assertThat(r.difference()).isCloseTo(0.36, within(0.01));
        assertThat(r.ciLower()).isGreaterThan(0.25).isLessThan(r.difference());
        assertThat(r.ciUpper()).isGreaterThan(r.difference()).isLessThan(0.5);
        assertThat(r.pValue()).isEqualTo(1.0 / 1_001);
        assertThat(r.metric()).isEqualTo("f1_macro");
    }

    @Test
    void shouldGiveLargePValueWhenChallengerIsWorse() {
        // Given the better model as champion
        List<String> champion = Fixtures.predictions(truth, 50);
        List<String> challenger = Fixtures.predictions(truth, 5);

        // When
        BootstrapResult r = PairedBootstrap.compare(truth, champion, challenger, EvaluationMetric.ACCURACY,
                BootstrapSettings.defaults());

        // Then
        assertThat(r.difference()).isNegative();
        assertThat(r.ciUpper()).isNegative();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void shouldRepeatExactlyWhenSeedIsTheSameAndDifferWhenItIsNot() {
        // Given two close models
        List<String> champion = Fixtures.predictions(truth, 5);
        List<String> challenger = Fixtures.predictions(truth, 6);

        // When
        BootstrapResult first = PairedBootstrap.compare(truth, champion, challenger, EvaluationMetric.F1_MACRO,
                new BootstrapSettings(500, 1L, 0.9));
        BootstrapResult again = PairedBootstrap.compare(truth, champion, challenger, EvaluationMetric.F1_MACRO,
                new BootstrapSettings(500, 1L, 0.9));
        BootstrapResult other = PairedBootstrap.compare(truth, champion, challenger, EvaluationMetric.F1_MACRO,
                new BootstrapSettings(500, 2L, 0.9));

        // Then
        assertThat(again).isEqualTo(first);
        assertThat(other.ciLower()).isNotEqualTo(first.ciLower());
        assertThat(first.ciLower()).isLessThanOrEqualTo(first.difference());
        assertThat(first.ciUpper()).isGreaterThanOrEqualTo(first.difference());
    }

    @Test
    void shouldBootstrapAnyMetricWhenGivenAFunction() {
        // Given a custom metric: recall of spam
        EvaluationMetric spamRecall = new EvaluationMetric("recall[spam]",
                m -> m.scoresOf("spam").orElseThrow().recall());
        List<String> champion = Fixtures.predictions(truth, 5);
        List<String> challenger = Fixtures.predictions(truth, 50);

        // When
        BootstrapResult r = PairedBootstrap.compare(truth, champion, challenger, spamRecall,
                BootstrapSettings.defaults());

        // Then
        assertThat(r.metric()).isEqualTo("recall[spam]");
        assertThat(r.challengerValue()).isGreaterThan(r.championValue());
    }
}
