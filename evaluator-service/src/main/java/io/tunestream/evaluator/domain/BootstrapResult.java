package io.tunestream.evaluator.domain;

/**
 * A paired bootstrap comparison of a metric between challenger and champion.
 *
 * @param metric the metric's name
 * @param championValue the champion's metric on the full test set
 * @param challengerValue the challenger's metric on the full test set
 * @param difference challenger minus champion on the full test set
 * @param ciLower lower bound of the percentile confidence interval of the difference
 * @param ciUpper upper bound of that interval
 * @param confidenceLevel the interval's two-sided level
 * @param pValue one-sided p-value for "the challenger is better": (1 + #{resampled difference
 *     <= 0}) / (resamples + 1) for a metric where higher is better; (1 + #{resampled difference >= 0}) /
 *     (resamples + 1) for a loss
 * @param resamples number of resamples
 * @param seed the RNG seed used
 */
public record BootstrapResult(
        String metric,
        double championValue,
        double challengerValue,
        double difference,
        double ciLower,
        double ciUpper,
        double confidenceLevel,
        double pValue,
        int resamples,
        long seed) {
}
