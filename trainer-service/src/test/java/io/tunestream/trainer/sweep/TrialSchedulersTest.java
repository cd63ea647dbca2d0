package io.tunestream.trainer.sweep;

import io.tunestream.events.MetricSample;
import io.tunestream.events.SchedulerConfig;
import io.tunestream.events.SchedulerKind;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepTrial;
import io.tunestream.events.TrialStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tunestream.trainer.sweep.SweepFixtures.request;
import static io.tunestream.trainer.sweep.SweepFixtures.sample;
import static io.tunestream.trainer.sweep.SweepFixtures.state;
import static io.tunestream.trainer.sweep.SweepFixtures.trial;
import static org.assertj.core.api.Assertions.assertThat;

class TrialSchedulersTest {

    /** Interleaved results of 5 trials (trial, resource, value), as a live controller would see them. */
    private static final Object[][] LIVE = {
            {0, 1, 0.50}, {1, 1, 0.60}, {2, 1, 0.55}, {0, 2, 0.52}, {3, 1, 0.70}, {1, 2, 0.61}, {0, 3, 0.62},
            {1, 3, 0.61}, {4, 1, 0.80}, {3, 2, 0.71}, {2, 2, 0.90}, {3, 3, 0.75}, {4, 2, 0.81}, {4, 3, 0.70},
            {0, 9, 0.66}, {3, 9, 0.79}};

    @Test
    void shouldRebuildTheSameDecisionsAndRungsWhenReplayingTheRecordedHistory() {
        // Given: a live ASHA run, each judged result recorded in the trial's history with a sweep-wide seq
        SweepRequest request = request().build();
        TrialScheduler live = TrialSchedulers.forRequest(request);
        Map<Integer, List<MetricSample>> histories = new LinkedHashMap<>();
        List<Decision> liveDecisions = new ArrayList<>();
        for (int seq = 0; seq < LIVE.length; seq++) {
            int index = (Integer) LIVE[seq][0];
            long resource = (Integer) LIVE[seq][1];
            double value = (Double) LIVE[seq][2];
            liveDecisions.add(live.onResult("t" + index, resource, value));
            histories.computeIfAbsent(index, i -> new ArrayList<>()).add(sample(seq, resource, value));
        }
        // trials listed in reverse to show that the order of the list does not matter, only seq
        List<SweepTrial> trials = new ArrayList<>();
        histories.forEach((index, history) -> trials.add(0, trial(index, TrialStatus.RUNNING, null, history)));
        SweepState recorded = state(request, trials);

        // When
        TrialSchedulers.Replay replay = TrialSchedulers.replay(recorded);

        // Then: same decisions in the same order, same rungs, and the next result is judged alike
        assertThat(replay.results()).extracting(r -> r.judgement().decision()).containsExactlyElementsOf(liveDecisions);
        assertThat(liveDecisions).contains(Decision.STOP, Decision.COMPLETE);
        assertThat(((Asha) replay.scheduler()).rungs()).isEqualTo(((Asha) live).rungs());
        assertThat(replay.scheduler().rungReached("t3")).isEqualTo(2);
        assertThat(replay.scheduler().judge("t9", 3, 0.74)).isEqualTo(live.judge("t9", 3, 0.74));
        assertThat(TrialSchedulers.nextSeq(recorded)).isEqualTo(LIVE.length);
    }

    @Test
    void shouldBuildTheConfiguredSchedulerWhenAskedForARequest() {
        assertThat(TrialSchedulers.forRequest(request().build())).isInstanceOf(Asha.class);
        assertThat(TrialSchedulers.forRequest(request().setScheduler(SchedulerConfig.newBuilder()
                .setKind(SchedulerKind.MEDIAN_STOPPING).build()).build())).isInstanceOf(MedianStoppingRule.class);
        TrialScheduler none = TrialSchedulers.forRequest(request().setScheduler(SchedulerConfig.newBuilder().build()).build());
        assertThat(none.onResult("t0", 1000, 0.0)).isEqualTo(Decision.CONTINUE);
        assertThat(TrialSchedulers.nextSeq(state(request().build(), List.of()))).isZero();
    }
}
