package io.tunestream.evaluator.domain;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The rule that decides whether a model version is blessed (allowed to be promoted).
 *
 * <p>Classifiers:
 * <ul>
 *   <li>{@code thresholdMetric} must be at least {@code minimum} (every model, first or not);</li>
 *   <li>with a champion, the challenger must be better by {@code test} at p &lt; {@code alpha}
 *       (one-sided), and</li>
 *   <li>no class's F1 may fall more than {@code classF1Tolerance} below the champion's.</li>
 * </ul>
 * Causal LMs follow {@code languageModel}: a perplexity bound, and with a champion its paired test at p &lt;
 * {@code alpha}. A first model (no champion) is blessed when it passes the threshold.
 *
 * @param thresholdMetric the metric with a minimum
 * @param minimum the smallest acceptable value of {@code thresholdMetric}
 * @param test the paired test that must show the challenger better (MCNEMAR or PAIRED_BOOTSTRAP)
 * @param alpha significance level of that test, in (0, 1)
 * @param classF1Tolerance how far below the champion's F1 any class's F1 may be (>= 0)
 * @param languageModel the rule for causal LMs
 */
public record BlessingPolicy(
        EvaluationMetric thresholdMetric,
        double minimum,
        ComparisonTest test,
        double alpha,
        double classF1Tolerance,
        LanguageModelRule languageModel) {

    /**
     * The blessing rule of a causal LM.
     *
     * @param maxPerplexity the largest acceptable test perplexity; empty: the model must have a lower perplexity
     *        than its untuned base model on the same test split (fine-tuning must have helped)
     * @param test the paired test on per-example loss that must show a challenger better than the champion
     *        (WILCOXON or PAIRED_BOOTSTRAP of the mean loss)
     */
    public record LanguageModelRule(OptionalDouble maxPerplexity, ComparisonTest test) {

        /** Validates the rule. */
        public LanguageModelRule {
            Objects.requireNonNull(maxPerplexity, "maxPerplexity");
            Objects.requireNonNull(test, "test");
            if (maxPerplexity.isPresent() && !(maxPerplexity.getAsDouble() >= 1)) {
                throw new IllegalArgumentException("a perplexity bound must be >= 1 (perplexity never is lower), got "
                        + maxPerplexity.getAsDouble());
            }
            if (test == ComparisonTest.MCNEMAR) {
                throw new IllegalArgumentException("McNemar's test compares classifiers, not language models: use "
                        + "WILCOXON or PAIRED_BOOTSTRAP");
            }
        }

        /** Below the base model's perplexity; Wilcoxon against a champion. */
        public static LanguageModelRule defaults() {
            return new LanguageModelRule(OptionalDouble.empty(), ComparisonTest.WILCOXON);
        }
    }

    /** Validates the policy. */
    public BlessingPolicy {
        Objects.requireNonNull(thresholdMetric, "thresholdMetric");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(languageModel, "languageModel");
        if (test == ComparisonTest.WILCOXON) {
            throw new IllegalArgumentException("the Wilcoxon test compares per-example losses of language models; "
                    + "classifiers use MCNEMAR or PAIRED_BOOTSTRAP");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!(classF1Tolerance >= 0)) {
            throw new IllegalArgumentException("class F1 tolerance must be >= 0, got " + classF1Tolerance);
        }
    }

    /** A policy with the default causal-LM rule. */
    public BlessingPolicy(EvaluationMetric thresholdMetric, double minimum, ComparisonTest test, double alpha,
            double classF1Tolerance) {
        this(thresholdMetric, minimum, test, alpha, classF1Tolerance, LanguageModelRule.defaults());
    }

    /** F1 macro >= 0.5, McNemar at alpha 0.05, no class F1 more than 0.02 worse; LM rule {@link LanguageModelRule#defaults()}. */
    public static BlessingPolicy defaults() {
        return new BlessingPolicy(EvaluationMetric.F1_MACRO, 0.5, ComparisonTest.MCNEMAR, 0.05, 0.02);
    }
}
