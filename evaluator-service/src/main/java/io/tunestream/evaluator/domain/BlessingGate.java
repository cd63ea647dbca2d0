package io.tunestream.evaluator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a model version is blessed under a {@link BlessingPolicy}, as TFX's Evaluator
 * gates its Pusher: the registry promotes only blessed versions.
 */
public final class BlessingGate {

    private final BlessingPolicy policy;

    /** A gate applying the given policy. */
    public BlessingGate(BlessingPolicy policy) {
        this.policy = policy;
    }

    /** The policy applied. */
    public BlessingPolicy policy() {
        return policy;
    }

    /**
     * Decides on a candidate; {@code comparison} is empty when there is no champion yet (then
     * its challenger metrics must be the candidate's).
     */
    public BlessingDecision decide(ClassificationMetrics candidate, Optional<AbComparison> comparison) {
        List<String> reasons = new ArrayList<>();
        boolean passed = checkThreshold(candidate, reasons);
        if (comparison.isEmpty()) {
            reasons.add("INFO: no champion yet: a first model is blessed on the threshold alone");
            return new BlessingDecision(passed, reasons);
        }
        AbComparison ab = comparison.get();
        passed &= checkSignificance(ab, reasons);
        passed &= checkClassF1(ab, reasons);
        return new BlessingDecision(passed, reasons);
    }

    private boolean checkThreshold(ClassificationMetrics candidate, List<String> reasons) {
        double value = policy.thresholdMetric().valueOf(candidate);
        boolean ok = value >= policy.minimum();
        reasons.add(format("%s: %s = %.4f %s minimum %.4f", verdict(ok), policy.thresholdMetric().name(), value,
                ok ? ">=" : "<", policy.minimum()));
        return ok;
    }

    private boolean checkSignificance(AbComparison ab, List<String> reasons) {
        if (policy.test() == ComparisonTest.MCNEMAR) {
            McNemarResult m = ab.mcnemar();
            boolean ok = m.challengerOnlyCorrect() > m.championOnlyCorrect()
                    && m.pValueChallengerBetter() < policy.alpha();
            reasons.add(format("%s: McNemar exact test, challenger better: only challenger right %d, "
                    + "only champion right %d, one-sided p = %.4g %s alpha %.4g (accuracy %.4f vs %.4f)",
                    verdict(ok), m.challengerOnlyCorrect(), m.championOnlyCorrect(), m.pValueChallengerBetter(),
                    ok ? "<" : "not <", policy.alpha(), ab.challenger().accuracy(), ab.champion().accuracy()));
            return ok;
        }
        BootstrapResult b = ab.bootstrap();
        boolean ok = b.difference() > 0 && b.pValue() < policy.alpha();
        reasons.add(format("%s: paired bootstrap of %s, difference %+.4f (%.0f%% CI [%+.4f, %+.4f], %d resamples), "
                + "one-sided p = %.4g %s alpha %.4g", verdict(ok), b.metric(), b.difference(),
                100 * b.confidenceLevel(), b.ciLower(), b.ciUpper(), b.resamples(), b.pValue(),
                ok ? "<" : "not <", policy.alpha()));
        return ok;
    }

    private boolean checkClassF1(AbComparison ab, List<String> reasons) {
        List<String> worse = new ArrayList<>();
        for (ClassScores champion : ab.champion().perClass()) {
            double challenger = ab.challenger().scoresOf(champion.label()).map(ClassScores::f1).orElse(0.0);
            if (challenger < champion.f1() - policy.classF1Tolerance()) {
                worse.add(format("'%s' %.4f vs %.4f", champion.label(), challenger, champion.f1()));
            }
        }
        boolean ok = worse.isEmpty();
        reasons.add(ok
                ? format("PASS: no class F1 more than %.4f below the champion's", policy.classF1Tolerance())
                : format("FAIL: class F1 more than %.4f below the champion's: %s", policy.classF1Tolerance(),
                        String.join(", ", worse)));
        return ok;
    }

    private static String verdict(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
