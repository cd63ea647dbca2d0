package io.tunestream.evaluator.domain;

import io.tunestream.schemas.RecipeLineage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

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

    /**
     * The gate for a model made by a training recipe: the recipe's overrides of the threshold's minimum and of the
     * paired test's alpha (lineage keys {@code recipe.blessing.minimum}, {@code recipe.blessing.alpha}, checked when
     * the recipe was stored) replace this gate's; without them, or with a value that is not a number in range (only a
     * forged lineage carries one), this gate.
     *
     * @param lineageConfig the evaluated checkpoint's lineage config
     * @return the gate to apply
     */
    public BlessingGate forLineage(Map<String, String> lineageConfig) {
        String minimum = lineageConfig.get(RecipeLineage.BLESSING_PREFIX + "minimum");
        String alpha = lineageConfig.get(RecipeLineage.BLESSING_PREFIX + "alpha");
        if (minimum == null && alpha == null) {
            return this;
        }
        try {
            return new BlessingGate(new BlessingPolicy(policy.thresholdMetric(),
                    minimum == null ? policy.minimum() : Double.parseDouble(minimum), policy.test(),
                    alpha == null ? policy.alpha() : Double.parseDouble(alpha), policy.classF1Tolerance(),
                    policy.languageModel()));
        } catch (IllegalArgumentException e) {
            return this;
        }
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

    /**
     * Decides on a causal LM: its test perplexity must be at most the policy's bound, or, with no bound configured,
     * below its untuned base model's on the same test split; with a champion the policy's paired test on
     * per-example loss must show it better (p &lt; alpha) and its mean loss must be lower.
     *
     * @param candidate the fine-tuned model's metrics
     * @param base the untuned base model's metrics on the same test split
     * @param comparison the comparison with the champion; empty when there is none
     * @return the decision and one reason per check
     */
    public BlessingDecision decide(LanguageModelMetrics candidate, LanguageModelMetrics base,
            Optional<LanguageModelComparison> comparison) {
        List<String> reasons = new ArrayList<>();
        boolean passed = checkPerplexity(candidate, base, reasons);
        candidate.exactMatch().ifPresent(em -> reasons.add(format("INFO: exact match of greedy generations %.4f, "
                + "token accuracy %.4f (base model %.4f)", em, candidate.tokenAccuracy(), base.tokenAccuracy())));
        if (comparison.isEmpty()) {
            reasons.add("INFO: no champion yet: a first model is blessed on the perplexity check alone");
            return new BlessingDecision(passed, reasons);
        }
        passed &= checkLossSignificance(comparison.get(), reasons);
        return new BlessingDecision(passed, reasons);
    }

    private boolean checkPerplexity(LanguageModelMetrics candidate, LanguageModelMetrics base, List<String> reasons) {
        OptionalDouble bound = policy.languageModel().maxPerplexity();
        if (bound.isPresent()) {
            boolean ok = candidate.perplexity() <= bound.getAsDouble();
            reasons.add(format("%s: perplexity = %.4f %s maximum %.4f (base model %.4f)", verdict(ok),
                    candidate.perplexity(), ok ? "<=" : ">", bound.getAsDouble(), base.perplexity()));
            return ok;
        }
        boolean ok = candidate.perplexity() < base.perplexity();
        reasons.add(format("%s: perplexity = %.4f %s the untuned base model's %.4f (no maximum configured: "
                + "fine-tuning must lower it)", verdict(ok), candidate.perplexity(), ok ? "<" : "not <",
                base.perplexity()));
        return ok;
    }

    private boolean checkLossSignificance(LanguageModelComparison ab, List<String> reasons) {
        BootstrapResult b = ab.bootstrap();
        boolean lower = b.difference() < 0;
        String interval = format("mean loss %+.4f nats/token (%.0f%% CI [%+.4f, %+.4f]), perplexity %.4f vs "
                + "champion %.4f", b.difference(), 100 * b.confidenceLevel(), b.ciLower(), b.ciUpper(),
                ab.challenger().perplexity(), ab.champion().perplexity());
        if (policy.languageModel().test() == ComparisonTest.WILCOXON) {
            WilcoxonResult w = ab.wilcoxon();
            boolean ok = lower && w.pValue() < policy.alpha();
            reasons.add(format("%s: Wilcoxon signed-rank test on per-example loss, challenger lower: W+ = %.1f over "
                    + "%d differing examples (%s), one-sided p = %.4g %s alpha %.4g; %s", verdict(ok), w.statistic(),
                    w.nonZero(), w.method() == WilcoxonResult.Method.EXACT ? "exact" : "normal approximation",
                    w.pValue(), w.pValue() < policy.alpha() ? "<" : "not <", policy.alpha(), interval));
            return ok;
        }
        boolean ok = lower && b.pValue() < policy.alpha();
        reasons.add(format("%s: paired bootstrap of the mean loss, %d resamples, one-sided p = %.4g %s alpha %.4g; %s",
                verdict(ok), b.resamples(), b.pValue(), b.pValue() < policy.alpha() ? "<" : "not <", policy.alpha(),
                interval));
        return ok;
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
