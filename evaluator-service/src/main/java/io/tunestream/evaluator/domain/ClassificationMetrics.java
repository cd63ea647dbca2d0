package io.tunestream.evaluator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every classification metric of one model on one test set, as scikit-learn defines them:
 * accuracy; precision, recall and F1 per class and macro / weighted / micro averaged; support;
 * the confusion matrix (labels sorted); ROC-AUC for two classes when scores are given; and the
 * scores that were zero-divided.
 *
 * @param sampleCount number of test samples
 * @param accuracy fraction of samples predicted correctly
 * @param perClass per-class precision, recall, F1 and support, in label order
 * @param macro unweighted mean over classes
 * @param weighted mean over classes weighted by support
 * @param micro from summed counts (equal to accuracy for single-label multiclass)
 * @param confusionMatrix rows = true labels, columns = predictions
 * @param rocAuc ROC-AUC of the positive class's scores (binary), or one-vs-rest macro ROC-AUC (multi-class); empty
 *     without scores or when only one class is present in the truth
 * @param illDefined scores set by the zero-division rule rather than computed
 */
public record ClassificationMetrics(
        long sampleCount,
        double accuracy,
        List<ClassScores> perClass,
        AveragedScores macro,
        AveragedScores weighted,
        AveragedScores micro,
        ConfusionMatrix confusionMatrix,
        OptionalDouble rocAuc,
        List<IllDefinedScore> illDefined) {

    /** Copies the lists. */
    public ClassificationMetrics {
        perClass = List.copyOf(perClass);
        illDefined = List.copyOf(illDefined);
    }

    /** Metrics over the sorted union of observed labels, zero division {@code "warn"}. */
    public static ClassificationMetrics of(List<String> yTrue, List<String> yPred) {
        return of(yTrue, yPred, LabelIndex.observed(yTrue, yPred), ZeroDivision.WARN);
    }

    /** Metrics over the given labels (which must include every observed label). */
    public static ClassificationMetrics of(List<String> yTrue, List<String> yPred, LabelIndex labels,
            ZeroDivision zeroDivision) {
        requireSameLength(yTrue.size(), yPred.size());
        return fromCodes(labels.encode(yTrue), labels.encode(yPred), labels, zeroDivision);
    }

    /**
     * Metrics of a binary classifier including ROC-AUC. The task must have exactly two labels
     * (observed, or the positive label plus the one observed).
     */
    public static ClassificationMetrics of(List<String> yTrue, List<String> yPred, PositiveClassScores scores) {
        LabelIndex labels = LabelIndex.observed(yTrue, yPred, List.of(scores.positiveLabel()));
        if (labels.size() != 2) {
            throw new IllegalArgumentException("ROC-AUC needs exactly two classes, got " + labels.labels());
        }
        double[] values = scores.scores();
        requireSameLength(yTrue.size(), values.length);
        ClassificationMetrics base = of(yTrue, yPred, labels, ZeroDivision.WARN);
        boolean[] positive = new boolean[yTrue.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = yTrue.get(i).equals(scores.positiveLabel());
        }
        return base.withRocAuc(positive, values, scores.positiveLabel());
    }

    /** Metrics of label codes already encoded against {@code labels}. */
    public static ClassificationMetrics fromCodes(int[] yTrue, int[] yPred, LabelIndex labels,
            ZeroDivision zeroDivision) {
        requireSameLength(yTrue.length, yPred.length);
        if (yTrue.length == 0) {
            throw new IllegalArgumentException("no samples to evaluate");
        }
        ConfusionMatrix matrix = ConfusionMatrix.of(yTrue, yPred, labels);
        PrecisionRecallF1 scores = PrecisionRecallF1.of(matrix, zeroDivision);
        return new ClassificationMetrics(yTrue.length, (double) matrix.correct() / matrix.total(),
                scores.perClass(), scores.macro(), scores.weighted(), scores.micro(), matrix,
                OptionalDouble.empty(), scores.illDefined());
    }

    /** The labels, in the order of every table. */
    public List<String> labels() {
        return confusionMatrix.labels();
    }

    /** The scores of one class, if it is one of the labels. */
    public Optional<ClassScores> scoresOf(String label) {
        return perClass.stream().filter(s -> s.label().equals(label)).findFirst();
    }

    /** These metrics with a ROC-AUC computed elsewhere (e.g. {@link RocAuc#oneVsRestMacro}); empty leaves none. */
    public ClassificationMetrics withRocAuc(OptionalDouble value) {
        return new ClassificationMetrics(sampleCount, accuracy, perClass, macro, weighted, micro, confusionMatrix,
                value, illDefined);
    }

    /** The accuracy of always answering the most frequent true class: the baseline a model must beat. */
    public double majorityClassRate() {
        long max = perClass.stream().mapToLong(ClassScores::support).max().orElse(0);
        return (double) max / sampleCount;
    }

    private ClassificationMetrics withRocAuc(boolean[] positive, double[] values, String positiveLabel) {
        boolean anyPositive = false;
        boolean anyNegative = false;
        for (boolean p : positive) {
            anyPositive |= p;
            anyNegative |= !p;
        }
        if (!(anyPositive && anyNegative)) {
            List<IllDefinedScore> notes = new ArrayList<>(illDefined);
            notes.add(new IllDefinedScore(positiveLabel, "roc_auc", "only one class present in y_true"));
            return new ClassificationMetrics(sampleCount, accuracy, perClass, macro, weighted, micro,
                    confusionMatrix, OptionalDouble.empty(), notes);
        }
        return new ClassificationMetrics(sampleCount, accuracy, perClass, macro, weighted, micro,
                confusionMatrix, OptionalDouble.of(RocAuc.binary(positive, values)), illDefined);
    }

    private static void requireSameLength(int trueCount, int otherCount) {
        if (trueCount != otherCount) {
            throw new IllegalArgumentException(
                    "y_true has " + trueCount + " samples but the other input has " + otherCount);
        }
    }
}
