package io.tunestream.evaluator.domain;

import org.apache.commons.statistics.ranking.NaNStrategy;
import org.apache.commons.statistics.ranking.NaturalRanking;
import org.apache.commons.statistics.ranking.TiesStrategy;

/**
 * Metrics of a regression (score) model, as scipy and scikit-learn define them.
 *
 * @param sampleCount number of samples
 * @param spearman Spearman's rank correlation: Pearson's correlation of the ranks, ties given
 *     their average rank ({@code scipy.stats.spearmanr}); NaN when either side is constant
 * @param pearson Pearson's correlation ({@code scipy.stats.pearsonr}); NaN when either side is constant
 * @param mse mean squared error
 * @param mae mean absolute error
 */
public record RegressionMetrics(long sampleCount, double spearman, double pearson, double mse, double mae) {

    private static final NaturalRanking AVERAGE_RANKS = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);

    /** Computes every metric of predictions against the true values. */
    public static RegressionMetrics of(double[] yTrue, double[] yPred) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException(
                    "y_true has " + yTrue.length + " samples but y_pred has " + yPred.length);
        }
        if (yTrue.length < 2) {
            throw new IllegalArgumentException("at least two samples are needed, got " + yTrue.length);
        }
        double squared = 0;
        double absolute = 0;
        for (int i = 0; i < yTrue.length; i++) {
            double error = yPred[i] - yTrue[i];
            if (!Double.isFinite(error)) {
                throw new IllegalArgumentException("values must be finite (sample " + i + ")");
            }
            squared += error * error;
            absolute += Math.abs(error);
        }
        return new RegressionMetrics(yTrue.length, spearman(yTrue, yPred), pearson(yTrue, yPred),
                squared / yTrue.length, absolute / yTrue.length);
    }

    /** @return the root mean squared error, {@code sqrt(mse)} */
    public double rmse() {
        return Math.sqrt(mse);
    }

    /** Spearman's rho with average ranks for ties. */
    public static double spearman(double[] x, double[] y) {
        return pearson(AVERAGE_RANKS.apply(x), AVERAGE_RANKS.apply(y));
    }

    /** Pearson's r, computed on centred and normalised vectors as scipy does, clipped to [-1, 1]. */
    public static double pearson(double[] x, double[] y) {
        double[] xs = centredUnit(x);
        double[] ys = centredUnit(y);
        if (xs == null || ys == null) {
            return Double.NaN;
        }
        double r = 0;
        for (int i = 0; i < xs.length; i++) {
            r += xs[i] * ys[i];
        }
        return Math.max(-1.0, Math.min(1.0, r));
    }

    /** x minus its mean, divided by its norm; null when x is constant. */
    private static double[] centredUnit(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double[] centred = new double[x.length];
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            centred[i] = x[i] - mean;
            norm += centred[i] * centred[i];
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return null;
        }
        for (int i = 0; i < centred.length; i++) {
            centred[i] /= norm;
        }
        return centred;
    }
}
