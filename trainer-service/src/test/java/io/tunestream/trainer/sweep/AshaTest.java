package io.tunestream.trainer.sweep;

import io.tunestream.events.SweepMode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class AshaTest {

    @Test
    void shouldPlaceRungsAtGraceTimesEtaPowersUpToMaxResource() {
        assertThat(new Asha(SweepMode.MAX, 3, 1, 9).rungs()).extracting(Asha.Rung::resource).containsExactly(1L, 3L, 9L);
        assertThat(new Asha(SweepMode.MAX, 3, 1, 26).rungs()).extracting(Asha.Rung::resource).containsExactly(1L, 3L, 9L);
        assertThat(new Asha(SweepMode.MAX, 2, 2, 20).rungs()).extracting(Asha.Rung::resource)
                .containsExactly(2L, 4L, 8L, 16L);
        assertThat(new Asha(SweepMode.MAX, 4, 5, 5).rungs()).extracting(Asha.Rung::resource).containsExactly(5L);
    }

    @Test
    void shouldLetOnlyTheTopThirdContinueWhenResultsArriveAtTheFirstRung() {
        // Given: eta = 3, grace 1, max 9 (rungs 1, 3, 9); at each arrival the top max(1, floor(n / 3)) continue
        Asha asha = new Asha(SweepMode.MAX, 3, 1, 9);

        // When / Then: n = 1..5 lets one through, n = 6..7 two
        assertThat(asha.onResult("a", 1, 0.50)).isEqualTo(Decision.CONTINUE); // rank 1 of 1, top 1
        assertThat(asha.onResult("b", 1, 0.60)).isEqualTo(Decision.CONTINUE); // rank 1 of 2, top 1
        Judgement c = asha.judge("c", 1, 0.55);                               // rank 2 of 3 (b better), top 1
        assertThat(c.decision()).isEqualTo(Decision.STOP);
        assertThat(c.rung()).isZero();
        assertThat(c.reason()).contains("ranks 2 of 3", "top 1 continue");
        assertThat(asha.onResult("d", 1, 0.40)).isEqualTo(Decision.STOP);     // rank 4 of 4, top 1
        assertThat(asha.onResult("e", 1, 0.70)).isEqualTo(Decision.CONTINUE); // rank 1 of 5, top 1
        assertThat(asha.onResult("f", 1, 0.65)).isEqualTo(Decision.CONTINUE); // rank 2 of 6, top 2
        assertThat(asha.onResult("g", 1, 0.58)).isEqualTo(Decision.STOP);     // rank 4 of 7 (b, e, f better), top 2

        // Then: the first rung holds every result in arrival order, the others nothing yet
        assertThat(asha.rungs().get(0).results()).containsExactly(entry("a", 0.50), entry("b", 0.60), entry("c", 0.55),
                entry("d", 0.40), entry("e", 0.70), entry("f", 0.65), entry("g", 0.58));
        assertThat(asha.rungs().get(1).results()).isEmpty();
    }

    @Test
    void shouldPromoteThroughTheRungsAndCompleteAtMaxResource() {
        // Given: the first rung of the previous example (a, b, e, f continued)
        Asha asha = firstRungOfThePaperExample();

        // When / Then: rung 1 (resource 3), results between rungs change nothing
        assertThat(asha.judge("a", 2, 0.99).rung()).isEqualTo(-1);           // between rungs 1 and 3: not recorded
        assertThat(asha.onResult("a", 3, 0.62)).isEqualTo(Decision.CONTINUE); // rank 1 of 1
        assertThat(asha.onResult("b", 3, 0.61)).isEqualTo(Decision.STOP);     // rank 2 of 2, top 1
        assertThat(asha.onResult("e", 3, 0.75)).isEqualTo(Decision.CONTINUE); // rank 1 of 3
        assertThat(asha.onResult("f", 3, 0.70)).isEqualTo(Decision.STOP);     // rank 2 of 4 (e better), top 1
        // rung 2 (resource 9 = maxResource): recorded, then complete whatever the rank
        assertThat(asha.onResult("e", 9, 0.80)).isEqualTo(Decision.COMPLETE);
        assertThat(asha.onResult("a", 9, 0.60)).isEqualTo(Decision.COMPLETE);

        // Then
        assertThat(asha.rungs().get(1).results()).containsOnlyKeys("a", "b", "e", "f");
        assertThat(asha.rungs().get(2).results()).containsExactly(entry("e", 0.80), entry("a", 0.60));
        assertThat(Map.of("a", asha.rungReached("a"), "b", asha.rungReached("b"), "c", asha.rungReached("c"),
                "z", asha.rungReached("z"))).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 1, "c", 0, "z", -1));
    }

    @Test
    void shouldLetTiesContinueWhenTheNewcomerEqualsTheBest() {
        Asha asha = new Asha(SweepMode.MAX, 3, 1, 9);
        assertThat(asha.onResult("a", 1, 0.5)).isEqualTo(Decision.CONTINUE);
        assertThat(asha.onResult("b", 1, 0.5)).isEqualTo(Decision.CONTINUE); // nobody strictly better: rank 1
        assertThat(asha.onResult("c", 1, 0.5)).isEqualTo(Decision.CONTINUE);
        assertThat(asha.onResult("d", 1, 0.4999)).isEqualTo(Decision.STOP);   // rank 4 of 4
    }

    @Test
    void shouldPreferSmallerValuesWhenModeIsMin() {
        Asha asha = new Asha(SweepMode.MIN, 3, 1, 9);
        assertThat(asha.onResult("a", 1, 0.90)).isEqualTo(Decision.CONTINUE);
        assertThat(asha.onResult("b", 1, 0.80)).isEqualTo(Decision.CONTINUE); // smaller loss: rank 1 of 2
        assertThat(asha.onResult("c", 1, 1.00)).isEqualTo(Decision.STOP);     // rank 3 of 3
        assertThat(asha.onResult("d", 1, 0.85)).isEqualTo(Decision.STOP);     // rank 2 of 4 (b better), top 1
        assertThat(asha.onResult("e", 1, 0.10)).isEqualTo(Decision.CONTINUE);
    }

    @Test
    void shouldStopADivergedTrialWhenItsValueIsNaN() {
        Asha min = new Asha(SweepMode.MIN, 3, 1, 9);
        min.onResult("a", 1, 5.0);
        assertThat(min.onResult("b", 1, Double.NaN)).isEqualTo(Decision.STOP);
        Asha max = new Asha(SweepMode.MAX, 3, 1, 9);
        max.onResult("a", 1, 0.0);
        assertThat(max.onResult("b", 1, Double.NaN)).isEqualTo(Decision.STOP);
    }

    @Test
    void shouldRecordTheHighestRungPassedWhenStepsJumpPastRungs() {
        // Given: steps as the resource, rungs 10, 30, 90; evaluations do not fall on rung boundaries
        Asha asha = new Asha(SweepMode.MAX, 3, 10, 90);

        // When
        asha.onResult("a", 7, 0.3);   // below the first rung
        asha.onResult("a", 12, 0.4);  // first evaluation past 10: rung 0
        asha.onResult("a", 24, 0.9);  // already at rung 0, rung 1 not reached
        asha.onResult("b", 35, 0.5);  // first result already past 30: rung 1 directly

        // Then
        assertThat(asha.rungs().get(0).results()).containsExactly(entry("a", 0.4));
        assertThat(asha.rungs().get(1).results()).containsExactly(entry("b", 0.5));
        assertThat(asha.rungReached("a")).isZero();
    }

    @Test
    void shouldRepeatTheStopAndRecordNothingWhenAStoppedTrialReportsAgain() {
        Asha asha = firstRungOfThePaperExample();
        Judgement late = asha.judge("c", 3, 0.99); // c was stopped at rung 0; this result was already in flight
        assertThat(late.decision()).isEqualTo(Decision.STOP);
        assertThat(late.reason()).startsWith("already ended");
        assertThat(asha.rungs().get(1).results()).isEmpty();
    }

    @Test
    void shouldRefuseSettingsWithoutARungStructure() {
        assertThatThrownBy(() -> new Asha(SweepMode.MAX, 1, 1, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Asha(SweepMode.MAX, 3, 0, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Asha(SweepMode.MAX, 3, 10, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    static Asha firstRungOfThePaperExample() {
        Asha asha = new Asha(SweepMode.MAX, 3, 1, 9);
        String[] ids = {"a", "b", "c", "d", "e", "f", "g"};
        double[] values = {0.50, 0.60, 0.55, 0.40, 0.70, 0.65, 0.58};
        for (int i = 0; i < ids.length; i++) {
            asha.onResult(ids[i], 1, values[i]);
        }
        return asha;
    }
}
