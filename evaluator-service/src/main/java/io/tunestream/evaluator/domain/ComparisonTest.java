package io.tunestream.evaluator.domain;

/** Which paired test decides whether a challenger beats the champion. */
public enum ComparisonTest {
    /** McNemar's exact test on accuracy, one-sided p-value "challenger better". */
    MCNEMAR,
    /** Paired bootstrap of the bootstrapped metric's difference (mean loss for causal LMs), one-sided p-value. */
    PAIRED_BOOTSTRAP,
    /** Wilcoxon signed-rank test on per-example loss, one-sided "challenger lower" (causal LMs only). */
    WILCOXON
}
