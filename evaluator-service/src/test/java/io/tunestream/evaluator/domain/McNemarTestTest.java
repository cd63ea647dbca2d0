package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class McNemarTestTest {

    @Test
    void shouldGiveHandCheckedExactPValuesWhenDiscordantPairsAreOneAndNine() {
        // Given b = 1 (only champion right), c = 9 (only challenger right)
        // When
        McNemarResult r = McNemarTest.ofTable(50, 1, 9, 40);

        // Then two-sided 2 * (1 + 10) / 1024, one-sided P(X >= 9) = 11 / 1024, mid-p 2 * 11/1024 - 10/1024
        assertThat(r.pValue()).isCloseTo(22.0 / 1024, within(1e-15));
        assertThat(r.pValue()).isCloseTo(0.02148, within(1e-5));
        assertThat(r.pValueChallengerBetter()).isCloseTo(11.0 / 1024, within(1e-15));
        assertThat(r.midPValue()).isCloseTo(12.0 / 1024, within(1e-15));
        assertThat(r.statistic()).isEqualTo(1.0);
        assertThat(r.discordant()).isEqualTo(10);
    }

    @Test
    void shouldGiveLargeOneSidedPValueWhenChampionWinsTheDiscordantPairs() {
        // Given b = 9, c = 1
        // When
        McNemarResult r = McNemarTest.ofTable(50, 9, 1, 40);

        // Then two-sided is symmetric, one-sided "challenger better" = P(X >= 1) = 1023 / 1024
        assertThat(r.pValue()).isCloseTo(22.0 / 1024, within(1e-15));
        assertThat(r.pValueChallengerBetter()).isCloseTo(1023.0 / 1024, within(1e-15));
    }

    @Test
    void shouldGiveOneWhenThereAreNoOrBalancedDiscordantPairs() {
        // Given / When
        McNemarResult none = McNemarTest.ofTable(10, 0, 0, 3);
        McNemarResult balanced = McNemarTest.ofTable(10, 5, 5, 3);

        // Then
        assertThat(none.pValue()).isEqualTo(1.0);
        assertThat(none.pValueChallengerBetter()).isEqualTo(1.0);
        assertThat(balanced.pValue()).isEqualTo(1.0);
        assertThat(balanced.midPValue()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldGiveHandCheckedPValueWhenOnlyChallengerWinsFiveTimes() {
        // Given b = 0, c = 5
        // When
        McNemarResult r = McNemarTest.ofTable(0, 0, 5, 0);

        // Then two-sided 2 / 32, one-sided 1 / 32
        assertThat(r.pValue()).isCloseTo(0.0625, within(1e-15));
        assertThat(r.pValueChallengerBetter()).isCloseTo(1.0 / 32, within(1e-15));
    }

    @Test
    void shouldBuildTheTwoByTwoTableWhenGivenLabels() {
        // Given records: both right, champion only, challenger only x2, both wrong
        List<String> yTrue = List.of("a", "a", "b", "b", "b");
        List<String> champion = List.of("a", "a", "a", "a", "a");
        List<String> challenger = List.of("a", "b", "b", "b", "a");

        // When
        McNemarResult r = McNemarTest.of(yTrue, champion, challenger);

        // Then
        assertThat(r.bothCorrect()).isEqualTo(1);
        assertThat(r.championOnlyCorrect()).isEqualTo(1);
        assertThat(r.challengerOnlyCorrect()).isEqualTo(2);
        assertThat(r.bothWrong()).isEqualTo(1);
    }

    @Test
    void shouldRejectInputWhenModelsWereScoredOnDifferentRecords() {
        // Given / When / Then
        assertThatThrownBy(() -> McNemarTest.of(List.of("a", "b"), List.of("a"), List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same records");
    }
}
