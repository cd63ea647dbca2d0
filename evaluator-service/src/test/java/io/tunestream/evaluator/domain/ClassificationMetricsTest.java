package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    private static final Offset<Double> EXACT = within(1e-12);

    @Test
    void shouldMatchSklearnPrecisionRecallFscoreSupportDocstringWhenAveraging() {
        // Given scikit-learn's precision_recall_fscore_support docstring example
        List<String> yTrue = List.of("cat", "dog", "pig", "cat", "dog", "pig");
        List<String> yPred = List.of("cat", "pig", "dog", "cat", "cat", "dog");

        // When
        ClassificationMetrics metrics = ClassificationMetrics.of(yTrue, yPred);

        // Then macro (0.22, 0.33, 0.27), micro (0.33, 0.33, 0.33), weighted (0.22, 0.33, 0.27)
        assertThat(metrics.macro().precision()).isCloseTo(2.0 / 9, EXACT);
        assertThat(metrics.macro().recall()).isCloseTo(1.0 / 3, EXACT);
        assertThat(metrics.macro().f1()).isCloseTo(0.8 / 3, EXACT);
        assertThat(metrics.micro().precision()).isCloseTo(1.0 / 3, EXACT);
        assertThat(metrics.micro().recall()).isCloseTo(1.0 / 3, EXACT);
        assertThat(metrics.micro().f1()).isCloseTo(1.0 / 3, EXACT);
        assertThat(metrics.weighted().precision()).isCloseTo(2.0 / 9, EXACT);
        assertThat(metrics.weighted().recall()).isCloseTo(1.0 / 3, EXACT);
        assertThat(metrics.weighted().f1()).isCloseTo(0.8 / 3, EXACT);
        assertThat(metrics.accuracy()).isCloseTo(1.0 / 3, EXACT);
        assertThat(metrics.labels()).containsExactly("cat", "dog", "pig");
    }

    @Test
    void shouldReportPerClassScoresInGivenOrderWhenLabelsAreExplicit() {
        // Given the docstring's average=None, labels=['pig', 'dog', 'cat'] call
        List<String> yTrue = List.of("cat", "dog", "pig", "cat", "dog", "pig");
        List<String> yPred = List.of("cat", "pig", "dog", "cat", "cat", "dog");

        // When
        ClassificationMetrics metrics = ClassificationMetrics.of(yTrue, yPred,
                LabelIndex.of(List.of("pig", "dog", "cat")), ZeroDivision.WARN);

        // Then (array([0., 0., 0.66666667]), array([0., 0., 1.]), array([0., 0., 0.8]), array([2, 2, 2]))
        assertThat(metrics.perClass()).extracting(ClassScores::label).containsExactly("pig", "dog", "cat");
        assertThat(metrics.perClass()).extracting(ClassScores::precision).containsExactly(0.0, 0.0, 2.0 / 3);
        assertThat(metrics.perClass()).extracting(ClassScores::recall).containsExactly(0.0, 0.0, 1.0);
        assertThat(metrics.perClass().get(2).f1()).isCloseTo(0.8, EXACT);
        assertThat(metrics.perClass()).extracting(ClassScores::support).containsExactly(2L, 2L, 2L);
    }

    @Test
    void shouldMatchSklearnF1ScoreDocstringWhenLabelsAreIntegers() {
        // Given f1_score's docstring example
        List<String> yTrue = List.of("0", "1", "2", "0", "1", "2");
        List<String> yPred = List.of("0", "2", "1", "0", "0", "1");

        // When
        ClassificationMetrics metrics = ClassificationMetrics.of(yTrue, yPred);

        // Then macro 0.26.., micro 0.33.., weighted 0.26.., None [0.8, 0, 0]
        assertThat(metrics.macro().f1()).isCloseTo(0.8 / 3, EXACT);
        assertThat(metrics.micro().f1()).isCloseTo(1.0 / 3, EXACT);
        assertThat(metrics.weighted().f1()).isCloseTo(0.8 / 3, EXACT);
        assertThat(metrics.perClass()).extracting(ClassScores::f1).containsExactly(0.8, 0.0, 0.0);
        assertThat(metrics.illDefined()).isEmpty();
    }

    @Test
    void shouldSetF1ToZeroDivisionValueWhenPositiveClassNeverOccurs() {
        // Given f1_score's docstring zero_division example: all 0, binary with pos_label=1
        List<String> allZero = List.of("0", "0", "0", "0", "0", "0");
        LabelIndex binary = LabelIndex.of(List.of("0", "1"));

        // When
        ClassificationMetrics one = ClassificationMetrics.of(allZero, allZero, binary, ZeroDivision.ONE);
        ClassificationMetrics warn = ClassificationMetrics.of(allZero, allZero, binary, ZeroDivision.WARN);

        // Then f1_score(..., zero_division=1) == 1.0, and "warn" gives 0.0 and records why
        assertThat(one.scoresOf("1").orElseThrow().f1()).isEqualTo(1.0);
        assertThat(warn.scoresOf("1").orElseThrow().f1()).isEqualTo(0.0);
        assertThat(warn.illDefined()).containsExactly(
                new IllDefinedScore("1", "precision", "no predicted samples"),
                new IllDefinedScore("1", "recall", "no true samples"),
                new IllDefinedScore("1", "f1", "no true nor predicted samples"));
        assertThat(warn.accuracy()).isEqualTo(1.0);
    }

    @Test
    void shouldMatchSklearnPrecisionScoreDocstringWhenNothingIsPredictedForSomeClasses() {
        // Given precision_score's docstring: y_pred all zeros
        List<String> yTrue = List.of("0", "1", "2", "0", "1", "2");
        List<String> yPred = List.of("0", "0", "0", "0", "0", "0");
        LabelIndex labels = LabelIndex.of(List.of("0", "1", "2"));

        // When
        ClassificationMetrics warn = ClassificationMetrics.of(yTrue, yPred, labels, ZeroDivision.WARN);
        ClassificationMetrics one = ClassificationMetrics.of(yTrue, yPred, labels, ZeroDivision.ONE);

        // Then array([0.33333333, 0., 0.]) and, with zero_division=1, array([0.33333333, 1., 1.])
        assertThat(warn.perClass()).extracting(ClassScores::precision).containsExactly(1.0 / 3, 0.0, 0.0);
        assertThat(one.perClass()).extracting(ClassScores::precision).containsExactly(1.0 / 3, 1.0, 1.0);
        assertThat(warn.illDefined()).extracting(IllDefinedScore::label, IllDefinedScore::metric)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", "precision"),
                        org.assertj.core.groups.Tuple.tuple("2", "precision"));
        // F1 of a class with true samples but no predictions is 0 whatever zero_division says
        assertThat(one.perClass()).extracting(ClassScores::f1).containsExactly(0.5, 0.0, 0.0);
    }

    @Test
    void shouldMatchSklearnConfusionMatrixDocstringWhenLabelsAreStrings() {
        // Given confusion_matrix's docstring examples
        List<String> yTrue = List.of("cat", "ant", "cat", "cat", "ant", "bird");
        List<String> yPred = List.of("ant", "ant", "cat", "cat", "ant", "cat");

        // When
        ConfusionMatrix matrix = ClassificationMetrics.of(yTrue, yPred,
                LabelIndex.of(List.of("ant", "bird", "cat")), ZeroDivision.WARN).confusionMatrix();
        ConfusionMatrix numeric = ClassificationMetrics.of(List.of("2", "0", "2", "2", "0", "1"),
                List.of("0", "0", "2", "2", "0", "2")).confusionMatrix();

        // Then [[2, 0, 0], [0, 0, 1], [1, 0, 2]] both times
        long[][] expected = {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}};
        assertThat(matrix.toArray()).isEqualTo(expected);
        assertThat(numeric.toArray()).isEqualTo(expected);
        assertThat(matrix.total()).isEqualTo(6);
        assertThat(matrix.correct()).isEqualTo(4);
    }

    @Test
    void shouldComputeHandWorkedBinaryScoresWhenClassesAreImbalanced() {
        // Given 3 spam (2 caught) and 7 ham (1 false alarm)
        List<String> yTrue = List.of("spam", "spam", "spam", "ham", "ham", "ham", "ham", "ham", "ham", "ham");
        List<String> yPred = List.of("spam", "spam", "ham", "spam", "ham", "ham", "ham", "ham", "ham", "ham");

        // When
        ClassificationMetrics m = ClassificationMetrics.of(yTrue, yPred);

        // Then spam: P = 2/3, R = 2/3, F1 = 2/3; ham: P = 6/7, R = 6/7, F1 = 6/7
        ClassScores spam = m.scoresOf("spam").orElseThrow();
        ClassScores ham = m.scoresOf("ham").orElseThrow();
        assertThat(spam.precision()).isCloseTo(2.0 / 3, EXACT);
        assertThat(spam.f1()).isCloseTo(2.0 / 3, EXACT);
        assertThat(ham.recall()).isCloseTo(6.0 / 7, EXACT);
        assertThat(m.accuracy()).isCloseTo(0.8, EXACT);
        assertThat(m.macro().f1()).isCloseTo((2.0 / 3 + 6.0 / 7) / 2, EXACT);
        assertThat(m.weighted().f1()).isCloseTo((3 * 2.0 / 3 + 7 * 6.0 / 7) / 10, EXACT);
        assertThat(m.confusionMatrix().toArray()).isEqualTo(new long[][] {{6, 1}, {1, 2}});
        assertThat(m.rocAuc()).isEmpty();
    }

    @Test
    void shouldComputeRocAucWhenPositiveScoresAreGiven() {
        // Given the auc/roc_curve docstring example, y = [1, 1, 2, 2] with pos_label=2
        List<String> yTrue = List.of("1", "1", "2", "2");
        List<String> yPred = List.of("1", "2", "1", "2");

        // When
        ClassificationMetrics m = ClassificationMetrics.of(yTrue, yPred,
                new PositiveClassScores("2", new double[] {0.1, 0.4, 0.35, 0.8}));

        // Then metrics.auc(fpr, tpr) == 0.75
        assertThat(m.rocAuc()).hasValueCloseTo(0.75, EXACT);
    }

    @Test
    void shouldLeaveRocAucEmptyAndSayWhyWhenOnlyOneClassIsPresent() {
        // Given only positives in the truth
        List<String> yTrue = List.of("spam", "spam");
        List<String> yPred = List.of("spam", "ham");

        // When
        ClassificationMetrics m = ClassificationMetrics.of(yTrue, yPred,
                new PositiveClassScores("spam", new double[] {0.9, 0.2}));

        // Then
        assertThat(m.rocAuc()).isEmpty();
        assertThat(m.illDefined()).contains(new IllDefinedScore("spam", "roc_auc", "only one class present in y_true"));
    }

    @Test
    void shouldRejectInputWhenLengthsDifferOrLabelIsUnknownOrEmpty() {
        // Given / When / Then
        assertThatThrownBy(() -> ClassificationMetrics.of(List.of("a", "b"), List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 samples");
        assertThatThrownBy(() -> ClassificationMetrics.of(List.of("a"), List.of("z"), LabelIndex.of(List.of("a")),
                ZeroDivision.WARN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'z'");
        assertThatThrownBy(() -> ClassificationMetrics.of(List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no samples");
        assertThatThrownBy(() -> ClassificationMetrics.of(List.of("a", "b", "c"), List.of("a", "b", "c"),
                new PositiveClassScores("a", new double[3]))).hasMessageContaining("exactly two classes");
    }
}
