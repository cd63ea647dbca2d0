package io.tunestream.evaluator.domain;

import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalDouble;

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

    /**
     * One-vs-rest ROC-AUC averaged over classes without weights, as scikit-learn's
     * {@code roc_auc_score(y_true, y_prob, multi_class="ovr", average="macro")}: the binary ROC-AUC of each class's
     * probability column against "this class or not", then their mean. A class absent from the truth (or the only
     * one there) has no ROC curve and is left out of the mean, where scikit-learn would refuse the whole call.
     *
     * @param truth the true class of each sample, an index into the columns of {@code probabilities}
     * @param probabilities per sample, the probability of every class (softmax output)
     * @return the macro average, or empty when fewer than two classes have a defined ROC-AUC
     */
    public static OptionalDouble oneVsRestMacro(int[] truth, double[][] probabilities) {
        if (truth.length != probabilities.length) {
            throw new IllegalArgumentException(
                    "y_true has " + truth.length + " samples but y_score has " + probabilities.length);
        }
        int classes = probabilities.length == 0 ? 0 : probabilities[0].length;
        double sum = 0;
        int defined = 0;
        for (int k = 0; k < classes; k++) {
            boolean[] positive = new boolean[truth.length];
            double[] column = new double[truth.length];
            int positives = 0;
            for (int i = 0; i < truth.length; i++) {
                positive[i] = truth[i] == k;
                positives += positive[i] ? 1 : 0;
                column[i] = probabilities[i][k];
            }
            if (positives > 0 && positives < truth.length) {
                sum += binary(positive, column);
                defined++;
            }
        }
        return defined < 2 ? OptionalDouble.empty() : OptionalDouble.of(sum / defined);
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
