package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RocAucTest {

    @Test
    void shouldCountTiedPairAsHalfWhenScoresTie() {
        // Given positives scored {0.6, 0.9}, negatives {0.2, 0.6}: pairs 1 + 0.5 + 1 + 1 of 4
        boolean[] positive = {false, true, false, true};
        double[] scores = {0.2, 0.6, 0.6, 0.9};

        // When
        double auc = RocAuc.binary(positive, scores);

        // Then
        assertThat(auc).isCloseTo(0.875, within(1e-15));
    }

    @Test
    void shouldGiveOneHalfWhenAllScoresAreEqual() {
        // Given / When
        double auc = RocAuc.binary(new boolean[] {false, false, true, true}, new double[] {0.5, 0.5, 0.5, 0.5});

        // Then
        assertThat(auc).isEqualTo(0.5);
    }

    @Test
    void shouldGiveOneOrZeroWhenRankingIsPerfectOrReversed() {
        // Given
        boolean[] positive = {false, false, true, true, true};
        double[] scores = {0.1, 0.2, 0.7, 0.8, 0.95};
        double[] reversed = {0.9, 0.8, 0.3, 0.2, 0.05};

        // When / Then
        assertThat(RocAuc.binary(positive, scores)).isEqualTo(1.0);
        assertThat(RocAuc.binary(positive, reversed)).isEqualTo(0.0);
    }

    @Test
    void shouldRejectInputWhenOnlyOneClassIsPresentOrScoresAreNotFinite() {
        // Given / When / Then
        assertThatThrownBy(() -> RocAuc.binary(new boolean[] {true, true}, new double[] {0.1, 0.2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Only one class");
        assertThatThrownBy(() -> RocAuc.binary(new boolean[] {true, false}, new double[] {Double.NaN, 0.2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }
}
