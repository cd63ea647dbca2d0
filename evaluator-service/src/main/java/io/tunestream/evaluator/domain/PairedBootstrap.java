package io.tunestream.evaluator.domain;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.statistics.descriptive.Quantile;

/**
 * Paired bootstrap of the difference of a metric between a challenger and the champion scored on
 * the same test records: each resample draws record indices with replacement and scores both
 * models on the same drawn records, so the interval reflects the pairing. The interval is the
 * percentile interval (Hyndman-Fan type 7 quantiles, numpy's default); the one-sided p-value is
 * the share of resamples in which the challenger is not better, with the +1 correction that keeps
 * it above zero.
 */
public final class PairedBootstrap {

    private static final Quantile QUANTILE = Quantile.withDefaults().with(Quantile.EstimationMethod.HF7);

    private PairedBootstrap() {
    }

    /** Compares the models on {@code metric}; labels are the sorted union of all three lists. */
    public static BootstrapResult compare(List<String> yTrue, List<String> championPred, List<String> challengerPred,
            EvaluationMetric metric, BootstrapSettings settings) {
        if (yTrue.size() != championPred.size() || yTrue.size() != challengerPred.size()) {
            throw new IllegalArgumentException("champion and challenger must be scored on the same records");
        }
        LabelIndex labels = LabelIndex.observed(yTrue, championPred, challengerPred);
        return compare(labels.encode(yTrue), labels.encode(championPred), labels.encode(challengerPred),
                labels, metric, settings);
    }

    /** Compares the models on {@code metric}, from label codes. */
    public static BootstrapResult compare(int[] yTrue, int[] championPred, int[] challengerPred, LabelIndex labels,
            EvaluationMetric metric, BootstrapSettings settings) {
        double champion = score(yTrue, championPred, labels, metric);
        double challenger = score(yTrue, challengerPred, labels, metric);
        double[] differences = resampledDifferences(yTrue, championPred, challengerPred, labels, metric, settings);
        double tail = (1 - settings.confidenceLevel()) / 2;
        double[] bounds = QUANTILE.evaluate(differences, tail, 1 - tail);
        long notBetter = 0;
        for (double d : differences) {
            if (d <= 0) {
                notBetter++;
            }
        }
        double pValue = (1.0 + notBetter) / (settings.resamples() + 1.0);
        return new BootstrapResult(metric.name(), champion, challenger, challenger - champion, bounds[0], bounds[1],
                settings.confidenceLevel(), pValue, settings.resamples(), settings.seed());
    }

    private static double[] resampledDifferences(int[] yTrue, int[] championPred, int[] challengerPred,
            LabelIndex labels, EvaluationMetric metric, BootstrapSettings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed());
        int n = yTrue.length;
        int[] truth = new int[n];
        int[] champion = new int[n];
        int[] challenger = new int[n];
        double[] differences = new double[settings.resamples()];
        for (int r = 0; r < differences.length; r++) {
            for (int i = 0; i < n; i++) {
                int drawn = random.nextInt(n);
                truth[i] = yTrue[drawn];
                champion[i] = championPred[drawn];
                challenger[i] = challengerPred[drawn];
            }
            differences[r] = score(truth, challenger, labels, metric) - score(truth, champion, labels, metric);
        }
        return differences;
    }

    private static double score(int[] yTrue, int[] yPred, LabelIndex labels, EvaluationMetric metric) {
        return metric.valueOf(ClassificationMetrics.fromCodes(yTrue, yPred, labels, ZeroDivision.ZERO));
    }
}
