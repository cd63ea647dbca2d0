package io.tunestream.split.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoreQuantileSplitterTest {

    /** 100 regression records whose scores are skewed (the square of 0..99) in a scrambled order. */
    private static List<TextRecord> records() {
        List<TextRecord> list = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int k = (i * 37) % 100;
            list.add(new TextRecord(String.format("r%03d", i), "text " + i, null, (double) k * k, null));
        }
        return list;
    }

    @Test
    void shouldSpreadLowMiddleAndHighScoresOverEverySplitWhenStratifiedByQuartile() throws SplitRejection {
        // Given
        var splitter = new ScoreQuantileSplitter(SplitConfig.defaults(), 4);

        // When
        var outcome = splitter.split(records());

        // Then each quartile of 25 gives 20 to TRAIN and 5 to VALIDATION + TEST, so TEST holds low and high scores
        assertThat(outcome.quantiles()).isEqualTo(4);
        assertThat(outcome.result().countsByLabel()).containsOnlyKeys("score-q1/4", "score-q2/4", "score-q3/4",
                "score-q4/4").allSatisfy((quartile, perSplit) -> {
                    assertThat(perSplit.get(Split.TRAIN)).isEqualTo(20);
                    assertThat(perSplit.get(Split.VALIDATION) + perSplit.get(Split.TEST)).isEqualTo(5);
                });
        List<Double> test = outcome.result().get(Split.TEST).stream().map(TextRecord::score)
                .sorted(Comparator.naturalOrder()).toList();
        assertThat(test.get(0)).isLessThan(625.0); // below the first quartile (25^2)
        assertThat(test.get(test.size() - 1)).isGreaterThanOrEqualTo(5625.0); // in the top quartile (75^2)
    }

    @Test
    void shouldCutTiedScoresIntoEqualQuantilesByRank() {
        // Given 8 records, six of them tied at 1.0
        List<TextRecord> tied = new ArrayList<>();
        double[] scores = {1, 1, 0, 1, 1, 5, 1, 1};
        for (int i = 0; i < scores.length; i++) {
            tied.add(new TextRecord("t" + i, "x", null, scores[i], null));
        }
        // When
        List<TextRecord> quartiles = ScoreQuantileSplitter.quantiles(tied, 4);
        // Then two per quartile, the lowest score first and the highest last
        assertThat(quartiles.stream().map(TextRecord::label).sorted()).containsExactly("score-q1/4", "score-q1/4",
                "score-q2/4", "score-q2/4", "score-q3/4", "score-q3/4", "score-q4/4", "score-q4/4");
        assertThat(quartiles.get(2).label()).isEqualTo("score-q1/4");
        assertThat(quartiles.get(5).label()).isEqualTo("score-q4/4");
    }

    @Test
    void shouldRefuseARecordWithoutAScore() {
        List<TextRecord> records = new ArrayList<>(records());
        records.add(new TextRecord("no-score", "x", null, null, null));
        assertThatThrownBy(() -> new ScoreQuantileSplitter(SplitConfig.defaults(), 4).split(records))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record no-score has no finite score");
    }
}
