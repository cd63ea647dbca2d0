package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlessingGateTest {

    private final List<String> truth = Fixtures.truth(400);
    private final BlessingGate gate = new BlessingGate(BlessingPolicy.defaults());

    @Test
    void shouldBlessFirstModelWhenItPassesTheThreshold() {
        // Given no champion and a model at F1 macro ~0.96
        ClassificationMetrics candidate = ClassificationMetrics.of(truth, Fixtures.predictions(truth, 50));

        // When
        BlessingDecision decision = gate.decide(candidate, Optional.empty());

        // Then
        assertThat(decision.blessed()).isTrue();
        assertThat(decision.reasons()).hasSize(2);
        assertThat(decision.reasons().get(0)).startsWith("PASS: f1_macro = 0.96");
        assertThat(decision.reasons().get(1)).contains("no champion");
    }

    @Test
    void shouldApplyTheRecipesMinimumWhenTheLineageCarriesOne() {
        // Given a first model at F1 macro ~0.96, and a recipe that asks for 0.99
        ClassificationMetrics candidate = ClassificationMetrics.of(truth, Fixtures.predictions(truth, 50));
        Map<String, String> lineage = Map.of("recipe", "strict@1", "recipe.blessing.minimum", "0.99");

        // When
        BlessingDecision strict = gate.forLineage(lineage).decide(candidate, Optional.empty());
        BlessingDecision forged = gate.forLineage(Map.of("recipe.blessing.alpha", "7")).decide(candidate, Optional.empty());

        // Then
        assertThat(strict.blessed()).isFalse();
        assertThat(strict.reasons().get(0)).contains("< minimum 0.9900");
        assertThat(forged.blessed()).isTrue();
        assertThat(gate.forLineage(Map.of())).isSameAs(gate);
    }

    @Test
    void shouldNotBlessFirstModelWhenItMissesTheThreshold() {
        // Given a first model that always predicts ham (F1 macro 1/3)
        List<String> allHam = truth.stream().map(t -> "ham").toList();
        ClassificationMetrics candidate = ClassificationMetrics.of(truth, allHam);

        // When
        BlessingDecision decision = gate.decide(candidate, Optional.empty());

        // Then
        assertThat(decision.blessed()).isFalse();
        assertThat(decision.reasons().get(0)).startsWith("FAIL: f1_macro = 0.3333 < minimum 0.5000");
    }

    @Test
    void shouldBlessChallengerWithPValueWhenItIsSignificantlyBetter() {
        // Given a champion wrong on 40% of records and a challenger wrong on 4%
        AbComparison ab = AbComparison.run(truth, Fixtures.predictions(truth, 5), Fixtures.predictions(truth, 50));

        // When
        BlessingDecision decision = gate.decide(ab.challenger(), Optional.of(ab));

        // Then
        assertThat(decision.blessed()).isTrue();
        assertThat(ab.mcnemar().pValueChallengerBetter()).isLessThan(1e-20);
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).startsWith("PASS: McNemar").contains("p = "));
    }

    @Test
    void shouldNotBlessWeakenedChallengerWhenChampionIsBetter() {
        // Given a weakened challenger (40% wrong) against a good champion (4% wrong)
        AbComparison ab = AbComparison.run(truth, Fixtures.predictions(truth, 50), Fixtures.predictions(truth, 5));

        // When
        BlessingDecision decision = gate.decide(ab.challenger(), Optional.of(ab));

        // Then its threshold is fine (F1 ~0.6) but the test and the per-class check fail
        assertThat(decision.blessed()).isFalse();
        assertThat(decision.reasons().get(0)).startsWith("PASS");
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).startsWith("FAIL: McNemar"));
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).startsWith("FAIL: class F1").contains("'spam'"));
    }

    @Test
    void shouldNotBlessWhenOneClassGetsWorseDespiteBetterAccuracy() {
        // Given three classes; the challenger fixes a and b but breaks c
        List<String> yTrue = new ArrayList<>();
        List<String> champion = new ArrayList<>();
        List<String> challenger = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String label = i < 140 ? "a" : i < 280 ? "b" : "c";
            yTrue.add(label);
            boolean championWrong = label.equals("c") ? false : i % 4 == 0;
            champion.add(championWrong ? (label.equals("a") ? "b" : "a") : label);
            challenger.add(label.equals("c") && i % 2 == 0 ? "a" : label);
        }
        AbComparison ab = AbComparison.run(yTrue, champion, challenger);

        // When
        BlessingDecision decision = gate.decide(ab.challenger(), Optional.of(ab));

        // Then
        assertThat(ab.challenger().accuracy()).isGreaterThan(ab.champion().accuracy());
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).startsWith("PASS: McNemar"));
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).startsWith("FAIL: class F1").contains("'c'"));
        assertThat(decision.blessed()).isFalse();
    }

    @Test
    void shouldDecideOnBootstrapWhenPolicyChoosesIt() {
        // Given a bootstrap policy and two nearly equal models
        BlessingGate bootstrapGate = new BlessingGate(new BlessingPolicy(EvaluationMetric.ACCURACY, 0.5,
                ComparisonTest.PAIRED_BOOTSTRAP, 0.05, 0.05));
        AbComparison close = AbComparison.run(truth, Fixtures.predictions(truth, 5), Fixtures.predictions(truth, 6));
        AbComparison clear = AbComparison.run(truth, Fixtures.predictions(truth, 5), Fixtures.predictions(truth, 50));

        // When
        BlessingDecision closeDecision = bootstrapGate.decide(close.challenger(), Optional.of(close));
        BlessingDecision clearDecision = bootstrapGate.decide(clear.challenger(), Optional.of(clear));

        // Then the clear win is blessed; the close one (40% vs 33% wrong) is blessed exactly when its p < alpha
        assertThat(clearDecision.blessed()).isTrue();
        assertThat(clearDecision.reasons()).anySatisfy(r -> assertThat(r).startsWith("PASS: paired bootstrap of f1_macro"));
        assertThat(closeDecision.reasons()).anySatisfy(r -> assertThat(r).contains("paired bootstrap"));
        assertThat(closeDecision.blessed()).isEqualTo(close.bootstrap().pValue() < 0.05);
    }

    @Test
    void shouldRejectPolicyWhenAlphaOrToleranceIsOutOfRange() {
        // Given / When / Then
        assertThatThrownBy(() -> new BlessingPolicy(EvaluationMetric.ACCURACY, 0.5, ComparisonTest.MCNEMAR, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlessingPolicy(EvaluationMetric.ACCURACY, 0.5, ComparisonTest.MCNEMAR, 0.05, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EvaluationMetric.named("f1_weighted")).isSameAs(EvaluationMetric.F1_WEIGHTED);
        assertThat(EvaluationMetric.named("f1[spam]").name()).isEqualTo("f1[spam]");
        assertThatThrownBy(() -> EvaluationMetric.named("auc")).hasMessageContaining("unknown metric");
    }

    @Test
    void shouldBlessFirstLanguageModelWhenItsPerplexityIsBelowTheBaseModels() {
        // Given no perplexity bound configured, a fine-tuned model at perplexity 4 and its base at 20
        LanguageModelMetrics tuned = lm(Math.log(4)).withExactMatch(0.75);
        LanguageModelMetrics base = lm(Math.log(20));

        // When
        BlessingDecision blessed = gate.decide(tuned, base, Optional.empty());
        BlessingDecision worse = gate.decide(base, tuned, Optional.empty());

        // Then
        assertThat(blessed.blessed()).isTrue();
        assertThat(blessed.reasons().get(0)).startsWith("PASS: perplexity = 4.0000 < the untuned base model's 20.0000");
        assertThat(blessed.reasons()).anySatisfy(r -> assertThat(r).startsWith("INFO: exact match").contains("0.7500"))
                .anySatisfy(r -> assertThat(r).contains("no champion"));
        assertThat(worse.blessed()).isFalse();
        assertThat(worse.reasons().get(0)).startsWith("FAIL: perplexity = 20.0000 not <");
    }

    @Test
    void shouldApplyTheConfiguredPerplexityBoundWhenOneIsSet() {
        // Given a bound of 5
        BlessingGate bounded = new BlessingGate(new BlessingPolicy(EvaluationMetric.F1_MACRO, 0.5,
                ComparisonTest.MCNEMAR, 0.05, 0.02, new BlessingPolicy.LanguageModelRule(
                        java.util.OptionalDouble.of(5), ComparisonTest.WILCOXON)));

        // When / Then: 4 passes and 6 fails, whatever the base model's perplexity
        assertThat(bounded.decide(lm(Math.log(4)), lm(Math.log(3)), Optional.empty()).blessed()).isTrue();
        BlessingDecision fail = bounded.decide(lm(Math.log(6)), lm(Math.log(60)), Optional.empty());
        assertThat(fail.blessed()).isFalse();
        assertThat(fail.reasons().get(0)).startsWith("FAIL: perplexity = 6.0000 > maximum 5.0000");
    }

    @Test
    void shouldBlessLanguageModelChallengerOnlyWhenTheSignedRankTestSaysItIsBetter() {
        // Given a champion and a challenger whose per-example losses are lower on every example, and the reverse
        ExampleLosses high = new ExampleLosses(new double[] {9, 8, 7, 9, 8, 7, 9, 8, 7, 9, 8, 7},
                new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, new int[12]);
        ExampleLosses low = new ExampleLosses(new double[] {3, 2.5, 2, 3.1, 2.6, 2.1, 3.2, 2.7, 2.2, 3.3, 2.8, 2.3},
                new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, new int[12]);
        LanguageModelComparison better = LanguageModelComparison.run(high, low, BootstrapSettings.defaults());
        LanguageModelComparison worse = LanguageModelComparison.run(low, high, BootstrapSettings.defaults());
        LanguageModelMetrics base = lm(Math.log(100));

        // When
        BlessingDecision yes = gate.decide(better.challenger(), base, Optional.of(better));
        BlessingDecision no = gate.decide(worse.challenger(), base, Optional.of(worse));

        // Then
        assertThat(yes.blessed()).isTrue();
        assertThat(yes.reasons()).anySatisfy(r -> assertThat(r).startsWith("PASS: Wilcoxon signed-rank test")
                .contains("W+ = 0.0").contains("p = 0.000244").contains("mean loss -"));
        assertThat(no.blessed()).isFalse();
        assertThat(no.reasons()).anySatisfy(r -> assertThat(r).startsWith("FAIL: Wilcoxon").contains("not < alpha"));
    }

    @Test
    void shouldRefuseTestsThatDoNotFitTheTask() {
        // Given / When / Then
        assertThatThrownBy(() -> new BlessingPolicy.LanguageModelRule(java.util.OptionalDouble.empty(),
                ComparisonTest.MCNEMAR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlessingPolicy(EvaluationMetric.ACCURACY, 0.5, ComparisonTest.WILCOXON, 0.05, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlessingPolicy.LanguageModelRule(java.util.OptionalDouble.of(0.5),
                ComparisonTest.WILCOXON)).isInstanceOf(IllegalArgumentException.class);
    }

    private static LanguageModelMetrics lm(double meanLoss) {
        return LanguageModelMetrics.fromSummedNll(meanLoss * 100, 100);
    }
}
