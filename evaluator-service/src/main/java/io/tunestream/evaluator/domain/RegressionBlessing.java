package io.tunestream.evaluator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The blessing rule of a regression model: a positive Spearman correlation on the test split and, when a champion
 * exists, absolute errors significantly lower than the champion's (one-sided Wilcoxon signed-rank, p below alpha).
 */
public final class RegressionBlessing {

    private RegressionBlessing() {
    }

    /**
     * @param metrics    the challenger's metrics
     * @param comparison the A/B against the champion, if there is one
     * @param alpha      significance level of the A/B
     */
    public static BlessingDecision decide(RegressionMetrics metrics, Optional<RegressionComparison> comparison,
            double alpha) {
        List<String> reasons = new ArrayList<>();
        boolean ranks = Double.isFinite(metrics.spearman()) && metrics.spearman() > 0;
        reasons.add(String.format(Locale.ROOT, "%s: Spearman %.4f %s 0 (a regression model must rank the test "
                + "examples better than chance)", ranks ? "PASS" : "FAIL", metrics.spearman(), ranks ? ">" : "<="));
        boolean better = true;
        if (comparison.isPresent()) {
            RegressionComparison ab = comparison.get();
            WilcoxonResult w = ab.wilcoxon();
            better = ab.maeDelta() < 0 && w.pValue() < alpha;
            reasons.add(String.format(Locale.ROOT, "%s: Wilcoxon signed-rank test on paired absolute errors, "
                    + "challenger lower: W+ = %.1f over %d differing examples (%s), one-sided p = %.4g %s alpha %.4g; "
                    + "MAE %.4f vs champion %.4f", better ? "PASS" : "FAIL", w.statistic(), w.nonZero(),
                    w.method() == WilcoxonResult.Method.EXACT ? "exact" : "normal approximation", w.pValue(),
                    w.pValue() < alpha ? "<" : "not <", alpha, ab.challengerMae(), ab.championMae()));
        } else {
            reasons.add("INFO: no champion yet: no A/B comparison");
        }
        return new BlessingDecision(ranks && better, reasons);
    }
}
