package io.tunestream.schemas;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealConfigTest {

    @Test
    void shouldReadTheClassWeightsCleanWroteWhenTheSealHasThem() {
        // Given weights written as clean writes them
        Map<String, String> seal = Map.of(SealConfig.CLASS_WEIGHTS,
                SealConfig.labelValues(Map.of("spam", 2.5, "ham", 0.625)));

        // When / Then
        assertThat(seal.get(SealConfig.CLASS_WEIGHTS)).isEqualTo("ham=0.625,spam=2.5");
        assertThat(SealConfig.classWeights(seal)).hasValue(Map.of("ham", 0.625, "spam", 2.5));
        assertThat(SealConfig.classWeights(Map.of())).isEmpty();
    }

    @Test
    void shouldRefuseClassWeightsThatAreNotPositiveNumbers() {
        for (String bad : new String[] {"ham=1,spam=-2", "ham=1,spam", "ham=abc", "=1", "ham=NaN"}) {
            assertThatThrownBy(() -> SealConfig.classWeights(Map.of(SealConfig.CLASS_WEIGHTS, bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("balance.class-weights=" + bad);
        }
    }

    @Test
    void shouldReadTheOversamplingPlanAndRefuseAMalformedOne() {
        assertThat(SealConfig.oversamplePlan(Map.of(SealConfig.OVERSAMPLE_PLAN, "spam=2, ham=0")))
                .containsExactly(Map.entry("ham", 0), Map.entry("spam", 2));
        assertThat(SealConfig.oversamplePlan(Map.of())).isEmpty();
        assertThatThrownBy(() -> SealConfig.oversamplePlan(Map.of(SealConfig.OVERSAMPLE_PLAN, "spam=-1")))
                .hasMessage("balance.oversample-plan must be label=copies,..., got: spam=-1");
    }

    @Test
    void shouldDefaultToClassificationWhenTheSealDeclaresNoTask() {
        assertThat(SealConfig.task(Map.of())).isEqualTo("classification");
        assertThat(SealConfig.task(Map.of(SealConfig.TASK, " CAUSAL_LM "))).isEqualTo("causal_lm");
        assertThat(SealConfig.wantsClassWeights(Map.of(SealConfig.BALANCE, "class-weights"))).isTrue();
        assertThat(SealConfig.wantsClassWeights(Map.of(SealConfig.BALANCE, "oversample"))).isFalse();
    }
}
