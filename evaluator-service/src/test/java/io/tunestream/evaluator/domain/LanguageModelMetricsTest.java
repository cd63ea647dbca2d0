package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
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

    @Test
    void shouldWeightLossAndAccuracyByTokensWhenComputedFromExamples() {
        // Given two examples: 1 target token at loss ln 2 (right), 3 tokens at loss ln 8 in all (1 right)
        ExampleLosses scores = new ExampleLosses(new double[] {Math.log(2), 3 * Math.log(2)}, new int[] {1, 3},
                new int[] {1, 1});

        // When
        LanguageModelMetrics m = LanguageModelMetrics.of(scores);

        // Then loss = 4 ln 2 / 4 = ln 2, perplexity 2, token accuracy 2 / 4
        assertThat(m.tokenCount()).isEqualTo(4);
        assertThat(m.meanNll()).isCloseTo(Math.log(2), within(1e-15));
        assertThat(m.perplexity()).isCloseTo(2.0, within(1e-12));
        assertThat(m.tokenAccuracy()).isEqualTo(0.5);
        assertThat(m.exactMatch()).isEmpty();
    }

    @Test
    void shouldCompareTrimmedTextsWhenMeasuringExactMatch() {
        // Given references and greedy generations differing only in surrounding white space, or in content
        List<String> references = List.of("cba", " zyx", "the end", "a b");
        List<String> generations = List.of(" cba\n", "zyx ", "the  end", "a b c");

        // When
        double rate = LanguageModelMetrics.exactMatch(references, generations);

        // Then inner white space and extra tokens still count as a miss
        assertThat(rate).isEqualTo(0.5);
        assertThat(LanguageModelMetrics.exactMatch(List.of(), List.of())).isNaN();
        assertThatThrownBy(() -> LanguageModelMetrics.exactMatch(List.of("a"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectScoresWhenNoExampleHasTargetTokensOrArraysDisagree() {
        // Given / When / Then
        ExampleLosses none = new ExampleLosses(new double[] {0, 0}, new int[] {0, 0}, new int[] {0, 0});
        assertThatThrownBy(() -> LanguageModelMetrics.of(none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExampleLosses(new double[] {1}, new int[] {1, 2}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExampleLosses(new double[] {1}, new int[] {1}, new int[] {2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
