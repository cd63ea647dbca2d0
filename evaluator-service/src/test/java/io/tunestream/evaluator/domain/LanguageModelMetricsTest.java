package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LanguageModelMetricsTest {

    @Test
    void shouldGiveVocabularySizeWhenModelIsUniform() {
        // Given a model that spreads probability evenly over 50 tokens, for 1,000 tokens
        double summedNll = 1_000 * Math.log(50);

        // When
        LanguageModelMetrics m = LanguageModelMetrics.fromSummedNll(summedNll, 1_000);

        // Then
        assertThat(m.perplexity()).isCloseTo(50.0, within(1e-9));
        assertThat(m.meanNll()).isCloseTo(Math.log(50), within(1e-12));
    }

    @Test
    void shouldWeightByTokensWhenTextsDifferInLength() {
        // Given two texts: 1 token at NLL ln 2 and 3 tokens at NLL ln 8 each
        double summed = Math.log(2) + 3 * Math.log(8);

        // When
        LanguageModelMetrics m = LanguageModelMetrics.fromSummedNll(summed, 4);

        // Then exp((ln 2 + 3 ln 8) / 4) = 2^(10/4), not the mean of per-text perplexities (5)
        assertThat(m.perplexity()).isCloseTo(Math.pow(2, 2.5), within(1e-12));
    }

    @Test
    void shouldRejectInputWhenNoTokensOrNegativeNll() {
        // Given / When / Then
        assertThatThrownBy(() -> LanguageModelMetrics.fromSummedNll(1.0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LanguageModelMetrics.fromSummedNll(-1.0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
