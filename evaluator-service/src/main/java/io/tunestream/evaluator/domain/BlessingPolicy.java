package io.tunestream.evaluator.domain;

import java.util.Objects;

/**
 * The rule that decides whether a model version is blessed (allowed to be promoted).
 *
 * <ul>
 *   <li>{@code thresholdMetric} must be at least {@code minimum} (every model, first or not);</li>
 *   <li>with a champion, the challenger must be better by {@code test} at p &lt; {@code alpha}
 *       (one-sided), and</li>
 *   <li>no class's F1 may fall more than {@code classF1Tolerance} below the champion's.</li>
 * </ul>
 * A first model (no champion) is blessed when it passes the threshold.
 *
 * @param thresholdMetric the metric with a minimum
 * @param minimum the smallest acceptable value of {@code thresholdMetric}
 * @param test the paired test that must show the challenger better
 * @param alpha significance level of that test, in (0, 1)
 * @param classF1Tolerance how far below the champion's F1 any class's F1 may be (>= 0)
 */
public record BlessingPolicy(
        EvaluationMetric thresholdMetric,
        double minimum,
        ComparisonTest test,
        double alpha,
        double classF1Tolerance) {

    /** Validates the policy. */
    public BlessingPolicy {
        Objects.requireNonNull(thresholdMetric, "thresholdMetric");
        Objects.requireNonNull(test, "test");
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!(classF1Tolerance >= 0)) {
            throw new IllegalArgumentException("class F1 tolerance must be >= 0, got " + classF1Tolerance);
        }
    }

    /** F1 macro >= 0.5, McNemar at alpha 0.05, no class F1 more than 0.02 worse. */
    public static BlessingPolicy defaults() {
        return new BlessingPolicy(EvaluationMetric.F1_MACRO, 0.5, ComparisonTest.MCNEMAR, 0.05, 0.02);
    }
}
