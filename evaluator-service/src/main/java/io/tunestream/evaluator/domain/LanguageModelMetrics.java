package io.tunestream.evaluator.domain;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Metrics of a causal language model on a test split. Loss and token accuracy are over the target tokens only
 * (the completion of a prompt/completion record, every token of a plain-text one).
 *
 * @param tokenCount number of predicted target tokens
 * @param meanNll token-weighted mean negative log-likelihood per target token, in nats (the "loss")
 * @param perplexity exp(mean NLL)
 * @param tokenAccuracy share of target tokens whose argmax prediction was the true token; NaN when not measured
 * @param exactMatch share of prompts whose greedy generation equals the reference completion (both trimmed);
 *        empty for plain-text data, which has no reference continuation
 */
public record LanguageModelMetrics(long tokenCount, double meanNll, double perplexity, double tokenAccuracy,
        OptionalDouble exactMatch) {

    /** Perplexity alone: no token accuracy, no exact match. */
    public LanguageModelMetrics(long tokenCount, double meanNll, double perplexity) {
        this(tokenCount, meanNll, perplexity, Double.NaN, OptionalDouble.empty());
    }

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

    /**
     * @param scores per-example summed loss, target tokens and argmax hits
     * @return perplexity, mean loss and token accuracy, all token-weighted over the split
     * @throws IllegalArgumentException when no example has a target token
     */
    public static LanguageModelMetrics of(ExampleLosses scores) {
        long tokens = scores.totalTokens();
        // float rounding can leave a near-certain token's loss a hair below zero
        LanguageModelMetrics m = fromSummedNll(Math.max(0, scores.totalLoss()), tokens);
        long correct = 0;
        for (int c : scores.correct()) {
            correct += c;
        }
        return new LanguageModelMetrics(tokens, m.meanNll(), m.perplexity(), (double) correct / tokens,
                OptionalDouble.empty());
    }

    /** @return these metrics with the exact-match rate of greedy generations */
    public LanguageModelMetrics withExactMatch(double rate) {
        return new LanguageModelMetrics(tokenCount, meanNll, perplexity, tokenAccuracy, OptionalDouble.of(rate));
    }

    /**
     * @param references reference completions
     * @param generations the generations for the same prompts
     * @return share of pairs equal after trimming surrounding white space (an empty list: NaN)
     */
    public static double exactMatch(List<String> references, List<String> generations) {
        if (references.size() != generations.size()) {
            throw new IllegalArgumentException(references.size() + " references but " + generations.size()
                    + " generations");
        }
        if (references.isEmpty()) {
            return Double.NaN;
        }
        long hits = 0;
        for (int i = 0; i < references.size(); i++) {
            hits += isExactMatch(references.get(i), generations.get(i)) ? 1 : 0;
        }
        return (double) hits / references.size();
    }

    /** @return whether a generation equals its reference once both are trimmed of surrounding white space */
    public static boolean isExactMatch(String reference, String generation) {
        return reference.strip().equals(generation.strip());
    }
}
