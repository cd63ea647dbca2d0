package io.tunestream.evaluator.domain;

/**
 * A one-sided Wilcoxon signed-rank test of "the challenger's per-example loss is lower than the champion's".
 *
 * @param statistic W+, the sum of the ranks of |d| over the examples where d = challenger - champion is positive
 *        (scipy's statistic for {@code wilcoxon(challenger, champion, alternative="less")})
 * @param pValue one-sided p-value: P(W+ &lt;= observed) under the null hypothesis of a distribution of d symmetric
 *        about zero
 * @param nonZero pairs with d != 0 (the ones ranked)
 * @param zeros pairs with d == 0, dropped before ranking (Wilcoxon's own zero method)
 * @param method how the p-value was computed
 * @param z the standardised statistic of the normal approximation (continuity and tie corrected); NaN when exact
 */
public record WilcoxonResult(double statistic, double pValue, int nonZero, int zeros, Method method, double z) {

    /** How the p-value of a signed-rank test was computed. */
    public enum Method {
        /** From the exact null distribution of W+ (few pairs, no ties, no zeros). */
        EXACT,
        /** Normal approximation with the tie correction of the variance and a continuity correction. */
        NORMAL
    }
}
