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
 * it above zero. For causal LMs it compares the token-weighted mean loss instead, where lower is better.
 */
public final class PairedBootstrap {

    private static final Quantile QUANTILE = Quantile.withDefaults().with(Quantile.EstimationMethod.HF7);

    /** Name of the token-weighted mean loss compared by {@link #compareMeanLoss}. */
    public static final String MEAN_LOSS = "mean_loss";

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

    /**
     * Compares the token-weighted mean loss (the log of perplexity) of two causal LMs on the same examples: each
     * resample draws examples with replacement and takes, for each model, its summed loss over its summed target
     * tokens of the drawn examples. Lower is better, so the difference is challenger minus champion and the
     * one-sided p-value is (1 + #{resampled difference >= 0}) / (resamples + 1).
     *
     * @param champion the champion's summed loss (nats) and target tokens per example
     * @param challenger the challenger's, on the same examples in the same order
     * @param settings resamples, seed and interval level
     * @return the comparison of metric {@value #MEAN_LOSS}
     */
    public static BootstrapResult compareMeanLoss(ExampleLosses champion, ExampleLosses challenger,
            BootstrapSettings settings) {
        int n = champion.size();
        if (n != challenger.size() || n == 0) {
            throw new IllegalArgumentException("champion and challenger must be scored on the same, non-empty examples: "
                    + n + " vs " + challenger.size());
        }
        double championMean = champion.meanLoss();
        double challengerMean = challenger.meanLoss();
        SplittableRandom random = new SplittableRandom(settings.seed());
        double[] differences = new double[settings.resamples()];
        long notBetter = 0;
        for (int r = 0; r < differences.length; r++) {
            double lossA = 0;
            double lossB = 0;
            long tokensA = 0;
            long tokensB = 0;
            for (int i = 0; i < n; i++) {
                int drawn = random.nextInt(n);
                lossA += champion.lossSum()[drawn];
                tokensA += champion.tokens()[drawn];
                lossB += challenger.lossSum()[drawn];
                tokensB += challenger.tokens()[drawn];
            }
            // a resample without target tokens has no mean loss: it counts as "not better", with no difference
            differences[r] = tokensA == 0 || tokensB == 0 ? 0 : lossB / tokensB - lossA / tokensA;
            notBetter += differences[r] >= 0 ? 1 : 0;
        }
        double tail = (1 - settings.confidenceLevel()) / 2;
        double[] bounds = QUANTILE.evaluate(differences, tail, 1 - tail);
        return new BootstrapResult(MEAN_LOSS, championMean, challengerMean, challengerMean - championMean, bounds[0],
                bounds[1], settings.confidenceLevel(), (1.0 + notBetter) / (settings.resamples() + 1.0),
                settings.resamples(), settings.seed());
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
