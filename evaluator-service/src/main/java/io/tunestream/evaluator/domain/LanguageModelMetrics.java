package io.tunestream.evaluator.domain;

/**
 * Metrics of a causal language model on a test split.
 *
 * @param tokenCount number of predicted tokens
 * @param meanNll mean negative log-likelihood per token, in nats
 * @param perplexity exp(mean NLL)
 */
public record LanguageModelMetrics(long tokenCount, double meanNll, double perplexity) {

    /**
     * Perplexity from the summed token negative log-likelihood (natural log) over all predicted
     * tokens of the split: exp(sum / count), i.e. token-weighted, not an average of per-text
     * perplexities.
     */
    public static LanguageModelMetrics fromSummedNll(double summedNll, long tokenCount) {
        if (tokenCount <= 0) {
            throw new IllegalArgumentException("token count must be positive, got " + tokenCount);
        }
        if (!Double.isFinite(summedNll) || summedNll < 0) {
            throw new IllegalArgumentException("summed NLL must be finite and >= 0, got " + summedNll);
        }
        double mean = summedNll / tokenCount;
        return new LanguageModelMetrics(tokenCount, mean, Math.exp(mean));
    }
}
