package io.tunestream.trainer.sweep;

import io.tunestream.events.SweepMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MedianStoppingRuleTest {

    @Test
    void shouldStopATrialWhoseBestIsBelowTheMedianOfOthersRunningAverages() {
        // Given: grace 1, two other trials needed, values exact in binary
        MedianStoppingRule rule = new MedianStoppingRule(SweepMode.MAX, 1, 2, 10);
        rule.onResult("a", 1, 0.5);
        rule.onResult("a", 2, 0.625);   // a's running average at 2: 0.5625
        rule.onResult("b", 1, 0.75);    // one other trial only: no decision
        rule.onResult("b", 2, 0.875);   // b's running average at 2: 0.8125

        // When / Then: at 1 the others' averages are a 0.5, b 0.75: median 0.625
        Judgement c = rule.judge("c", 1, 0.25);
        assertThat(c.decision()).isEqualTo(Decision.STOP);
        assertThat(c.reason()).contains("median 0.625", "worse");
        // at 1: a 0.5, b 0.75, c 0.25: median 0.5, and 0.625 is not worse
        assertThat(rule.onResult("d", 1, 0.625)).isEqualTo(Decision.CONTINUE);
        // at 2 (a and b reached it): median of 0.5625 and 0.8125 is 0.6875; d's best so far is 0.625 (not 0.5): worse
        assertThat(rule.onResult("d", 2, 0.5)).isEqualTo(Decision.STOP);
        // at 2: a 0.5625, b 0.8125, d (0.625 + 0.5) / 2 = 0.5625: median 0.5625; 0.6875 is better
        assertThat(rule.onResult("e", 2, 0.6875)).isEqualTo(Decision.CONTINUE);
    }

    @Test
    void shouldNotDecideWhenFewerOtherTrialsThanRequiredReachedTheResource() {
        MedianStoppingRule rule = new MedianStoppingRule(SweepMode.MAX, 1, 2, 10);
        rule.onResult("a", 1, 0.9);
        Judgement b = rule.judge("b", 1, 0.1);
        assertThat(b.decision()).isEqualTo(Decision.CONTINUE);
        assertThat(b.reason()).contains("1 other trials", "2 needed");
    }

    @Test
    void shouldNotStopWithinTheGracePeriod() {
        MedianStoppingRule rule = new MedianStoppingRule(SweepMode.MAX, 2, 1, 10);
        rule.onResult("a", 1, 0.9);
        rule.onResult("a", 2, 0.9);
        assertThat(rule.onResult("b", 1, 0.0)).isEqualTo(Decision.CONTINUE);
        assertThat(rule.onResult("b", 2, 0.0)).isEqualTo(Decision.STOP);
    }

    @Test
    void shouldPreferSmallerValuesWhenModeIsMin() {
        MedianStoppingRule rule = new MedianStoppingRule(SweepMode.MIN, 1, 2, 10);
        rule.onResult("a", 1, 0.5);
        rule.onResult("b", 1, 0.25);
        assertThat(rule.onResult("c", 1, 0.75)).isEqualTo(Decision.STOP);     // median 0.375, 0.75 is a larger loss
        assertThat(rule.onResult("d", 1, 0.3125)).isEqualTo(Decision.CONTINUE); // median of 0.5, 0.25, 0.75 is 0.5
    }

    @Test
    void shouldCompleteAtMaxResourceAndRepeatTheEndingForLateResults() {
        MedianStoppingRule rule = new MedianStoppingRule(SweepMode.MAX, 1, 1, 3);
        assertThat(rule.onResult("a", 3, 0.5)).isEqualTo(Decision.COMPLETE);
        assertThat(rule.judge("a", 4, 0.1).reason()).startsWith("already ended");
        assertThat(rule.onResult("a", 4, 0.1)).isEqualTo(Decision.COMPLETE);
    }
}
