package io.tunestream.trainer.sweep;

import io.tunestream.events.Method;
import io.tunestream.events.Schedule;
import io.tunestream.events.SweepMode;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.events.SweepTrial;
import io.tunestream.events.TrainingRequest;
import io.tunestream.events.TrialStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tunestream.trainer.sweep.SweepFixtures.request;
import static io.tunestream.trainer.sweep.SweepFixtures.state;
import static io.tunestream.trainer.sweep.SweepFixtures.trial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepPlannerTest {

    private final SweepPlanner planner = new SweepPlanner();

    @Test
    void shouldLaunchUpToMaxConcurrentTrialsWhenTheSweepStarts() {
        SweepState fresh = state(request().build(), List.of());

        List<SweepPlanner.TrialLaunch> launches = planner.launches(fresh);

        assertThat(launches).extracting(l -> l.trial().getTrialId()).containsExactly("t0", "t1", "t2", "t3");
        assertThat(launches).extracting(l -> l.request().getJobId())
                .containsExactly("sweep-1-t0", "sweep-1-t1", "sweep-1-t2", "sweep-1-t3");
        assertThat(launches).allSatisfy(l -> assertThat(l.trial().getStatus()).isEqualTo(TrialStatus.PENDING));
        assertThat(launches.get(2).trial().getParams()).isEqualTo(ParameterSampler.of(fresh.getRequest()).paramsFor(2));
    }

    @Test
    void shouldFillOnlyFreedSlotsAndNeverExceedNumTrialsWhenTrialsEnd() {
        SweepRequest request = request().setNumTrials(6).build();
        List<SweepTrial> trials = new ArrayList<>(List.of(trial(0, TrialStatus.STOPPED, null, List.of()),
                trial(1, TrialStatus.RUNNING, null, List.of()), trial(2, TrialStatus.COMPLETED, 0.8, List.of()),
                trial(3, TrialStatus.PENDING, null, List.of())));

        // two of four slots free, 2 trials left: t4, t5
        assertThat(planner.launches(state(request, trials))).extracting(l -> l.trial().getIndex()).containsExactly(4, 5);
        trials.add(trial(4, TrialStatus.FAILED, null, List.of()));
        trials.add(trial(5, TrialStatus.RUNNING, null, List.of()));
        assertThat(planner.launches(state(request, trials))).isEmpty();
        assertThat(planner.isFinished(state(request, trials))).isFalse();
        trials.replaceAll(t -> trial(t.getIndex(), TrialStatus.COMPLETED, 0.5, List.of()));
        assertThat(planner.isFinished(state(request, trials))).isTrue();
    }

    @Test
    void shouldLaunchNothingWhenTheSweepIsNotRunning() {
        SweepState cancelled = state(request().build(), List.of());
        cancelled.setStatus(SweepStatus.CANCELLED);
        assertThat(planner.launches(cancelled)).isEmpty();
    }

    @Test
    void shouldApplyParamsOntoTheBaseRequestWhenBuildingATrialRequest() {
        SweepRequest sweep = request().build();

        TrainingRequest trial = planner.trialRequest(sweep, 7, Map.of("learningRate", "3.1E-4", "batchSize", "32",
                "loraRank", "4", "loraAlpha", "8.0", "schedule", "LINEAR"));

        assertThat(trial.getJobId()).isEqualTo("sweep-1-t7");
        assertThat(trial.getSweepId()).isEqualTo("sweep-1");
        assertThat(trial.getTrialId()).isEqualTo("t7");
        assertThat(trial.getRequestedBy()).isEqualTo("sweep");
        assertThat(trial.getRequestedAt()).isEqualTo(SweepFixtures.REQUESTED_AT);
        assertThat(trial.getSeed()).isEqualTo(7L);
        assertThat(trial.getHyperParameters().getLearningRate()).isEqualTo(3.1e-4);
        assertThat(trial.getHyperParameters().getBatchSize()).isEqualTo(32);
        assertThat(trial.getHyperParameters().getSchedule()).isEqualTo(Schedule.LINEAR);
        assertThat(trial.getMethod().getLoraRank()).isEqualTo(4);
        assertThat(trial.getMethod().getLoraAlpha()).isEqualTo(8.0f);
        // untouched fields keep the base values
        assertThat(trial.getMethod().getType()).isEqualTo(Method.LORA);
        assertThat(trial.getMethod().getTargetModules()).containsExactly("query", "value");
        assertThat(trial.getHyperParameters().getEpochs()).isEqualTo(3);
        assertThat(trial.getHyperParameters().getWeightDecay()).isEqualTo(0.01);
        assertThat(trial.getModelName()).isEqualTo("spam");
        assertThat(sweep.getHyperParameters().getLearningRate()).isEqualTo(2e-4);
        assertThatThrownBy(() -> planner.trialRequest(sweep, 0, Map.of("batchSize", "big")))
                .hasMessageContaining("batchSize").hasMessageContaining("not an integer");
        assertThatThrownBy(() -> planner.trialRequest(sweep, 0, Map.of("dropout", "0.1"))).hasMessageContaining("dropout");
    }

    @Test
    void shouldPickTheBestCompletedTrialForTheModeWhenTrialsEnded() {
        SweepRequest max = request().build();
        List<SweepTrial> trials = List.of(trial(0, TrialStatus.STOPPED, 0.95, List.of()),
                trial(1, TrialStatus.COMPLETED, 0.80, List.of()), trial(2, TrialStatus.COMPLETED, 0.90, List.of()),
                trial(3, TrialStatus.COMPLETED, 0.90, List.of()), trial(4, TrialStatus.RUNNING, null, List.of()));

        // the stopped trial's metric is from a smaller budget; ties go to the lower index
        assertThat(planner.bestTrialId(state(max, trials))).contains("t2");
        SweepRequest min = request().setMetric("val_loss").setMode(SweepMode.MIN).build();
        assertThat(planner.bestTrialId(state(min, trials))).contains("t1");
        assertThat(planner.bestTrialId(state(max, List.of(trial(0, TrialStatus.STOPPED, 0.4, List.of()),
                trial(1, TrialStatus.RUNNING, null, List.of()))))).contains("t0");
        assertThat(planner.bestTrialId(state(max, List.of()))).isEmpty();
    }
}
