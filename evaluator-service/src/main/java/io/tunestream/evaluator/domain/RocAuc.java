package io.tunestream.evaluator.domain;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve of a binary classifier, as scikit-learn's {@code roc_auc_score}: the
 * curve has one point per distinct score (tied scores move the curve diagonally, which counts a
 * tied positive/negative pair as half right), and the area is the trapezoidal rule over it.
 */
public final class RocAuc {

    private RocAuc() {
    }

    /**
     * The ROC-AUC of scores against binary truth.
     *
     * @param positive whether each sample's true label is the positive class
     * @param scores the score (probability, logit, ...) of the positive class for each sample
     * @throws IllegalArgumentException when only one class is present (the AUC is undefined), when
     *     the lengths differ, or a score is not finite
     */
    public static double binary(boolean[] positive, double[] scores) {
        if (positive.length != scores.length) {
            throw new IllegalArgumentException(
                    "y_true has " + positive.length + " samples but y_score has " + scores.length);
        }
        for (double score : scores) {
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException("scores must be finite, got " + score);
            }
        }
        Integer[] order = sortedByScoreDescending(scores);
        double[][] curve = curve(positive, scores, order);
        return trapezoid(curve[0], curve[1]);
    }

    private static Integer[] sortedByScoreDescending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return order;
    }

    /** {fpr, tpr} at every distinct threshold, starting at (0, 0). */
    private static double[][] curve(boolean[] positive, double[] scores, Integer[] order) {
        int n = order.length;
        double[] fps = new double[n + 1];
        double[] tps = new double[n + 1];
        int points = 1;
        long tp = 0;
        for (int rank = 0; rank < n; rank++) {
            if (positive[order[rank]]) {
                tp++;
            }
            boolean lastOfTie = rank == n - 1 || scores[order[rank + 1]] != scores[order[rank]];
            if (lastOfTie) {
                tps[points] = tp;
                fps[points] = rank + 1 - tp;
                points++;
            }
        }
        double totalPositives = tps[points - 1];
        double totalNegatives = fps[points - 1];
        if (totalPositives == 0 || totalNegatives == 0) {
            throw new IllegalArgumentException(
                    "Only one class present in y_true. ROC AUC score is not defined in that case.");
        }
        double[] fpr = new double[points];
        double[] tpr = new double[points];
        for (int i = 0; i < points; i++) {
            fpr[i] = fps[i] / totalNegatives;
            tpr[i] = tps[i] / totalPositives;
        }
        return new double[][] {fpr, tpr};
    }

    private static double trapezoid(double[] x, double[] y) {
        double area = 0;
        for (int i = 1; i < x.length; i++) {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
        }
        return area;
    }
}
