package io.tunestream.evaluator.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Precision, recall and F1 per class and averaged, from a confusion matrix, with
 * scikit-learn's {@code precision_recall_fscore_support} definitions (beta = 1).
 *
 * @param perClass scores of every class, in label order
 * @param macro unweighted mean over classes
 * @param weighted mean over classes weighted by support
 * @param micro from the summed tp, fp and fn of all classes
 * @param illDefined the per-class scores that were zero-divided
 */
public record PrecisionRecallF1(
        List<ClassScores> perClass,
        AveragedScores macro,
        AveragedScores weighted,
        AveragedScores micro,
        List<IllDefinedScore> illDefined) {

    /** Computes every score of the matrix, with the given zero-division behaviour. */
    public static PrecisionRecallF1 of(ConfusionMatrix matrix, ZeroDivision zeroDivision) {
        List<ClassScores> perClass = new ArrayList<>();
        List<IllDefinedScore> illDefined = new ArrayList<>();
        long tpSum = 0;
        long predictedSum = 0;
        long supportSum = 0;
        for (int k = 0; k < matrix.size(); k++) {
            long tp = matrix.truePositives(k);
            long predicted = matrix.predicted(k);
            long support = matrix.support(k);
            perClass.add(classScores(matrix.labels().get(k), tp, predicted, support, zeroDivision, illDefined));
            tpSum += tp;
            predictedSum += predicted;
            supportSum += support;
        }
        AveragedScores micro = new AveragedScores(
                divide(tpSum, predictedSum, zeroDivision),
                divide(tpSum, supportSum, zeroDivision),
                divide(2 * tpSum, predictedSum + supportSum, zeroDivision));
        return new PrecisionRecallF1(List.copyOf(perClass), macro(perClass), weighted(perClass, zeroDivision),
                micro, List.copyOf(illDefined));
    }

    private static ClassScores classScores(String label, long tp, long predicted, long support,
            ZeroDivision zeroDivision, List<IllDefinedScore> illDefined) {
        if (predicted == 0) {
            illDefined.add(new IllDefinedScore(label, "precision", "no predicted samples"));
        }
        if (support == 0) {
            illDefined.add(new IllDefinedScore(label, "recall", "no true samples"));
        }
        if (predicted + support == 0) {
            illDefined.add(new IllDefinedScore(label, "f1", "no true nor predicted samples"));
        }
        // 2tp / (2tp + fp + fn) = 2tp / (predicted + support): equal to 2PR / (P + R) whenever both are defined.
        return new ClassScores(label,
                divide(tp, predicted, zeroDivision),
                divide(tp, support, zeroDivision),
                divide(2 * tp, predicted + support, zeroDivision),
                support);
    }

    private static AveragedScores macro(List<ClassScores> perClass) {
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        for (ClassScores scores : perClass) {
            precision += scores.precision();
            recall += scores.recall();
            f1 += scores.f1();
        }
        int n = perClass.size();
        return new AveragedScores(precision / n, recall / n, f1 / n);
    }

    private static AveragedScores weighted(List<ClassScores> perClass, ZeroDivision zeroDivision) {
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        long total = 0;
        for (ClassScores scores : perClass) {
            precision += scores.precision() * scores.support();
            recall += scores.recall() * scores.support();
            f1 += scores.f1() * scores.support();
            total += scores.support();
        }
        if (total == 0) {
            double value = zeroDivision.value();
            return new AveragedScores(value, value, value);
        }
        return new AveragedScores(precision / total, recall / total, f1 / total);
    }

    private static double divide(long numerator, long denominator, ZeroDivision zeroDivision) {
        return denominator == 0 ? zeroDivision.value() : (double) numerator / denominator;
    }
}
