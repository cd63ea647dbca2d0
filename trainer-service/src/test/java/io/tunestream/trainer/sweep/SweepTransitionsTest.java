package io.tunestream.trainer.sweep;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.MetricKind;
import io.tunestream.events.ResourceUnit;
import io.tunestream.events.SweepRequest;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.events.SweepTrial;
import io.tunestream.events.TrainingMetric;
import io.tunestream.events.TrialStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.tunestream.trainer.sweep.SweepFixtures.asha;
import static io.tunestream.trainer.sweep.SweepFixtures.request;
import static io.tunestream.trainer.sweep.SweepFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep's state machine without a broker: every branch the sweep end-to-end test drives (launch, judge, stop
 * and cancel, follow jobs, complete after the last evaluation, succeed with the best, a controller killed and
 * rebuilt from the recorded state), plus the invalid-request and nothing-changed branches.
 */
class SweepTransitionsTest {

    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");

    private final SweepTransitions transitions = new SweepTransitions(new SweepRequestValidator(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final SweepObservations seen = new SweepObservations();

    /** A sweep of {@code numTrials}, two at a time, ASHA eta 3 over rungs 1, 3, 9 evaluations. */
    private static SweepRequest twoAtATime(int numTrials) {
        return request().setNumTrials(numTrials).setMaxConcurrentTrials(2).build();
    }

    private static TrainingMetric eval(String jobId, long step, double accuracy) {
        return TrainingMetric.newBuilder().setJobId(jobId).setStep(step).setEpoch(0.5).setKind(MetricKind.EVAL)
                .setValLoss(1 - accuracy).setValMetrics(Map.of("accuracy", accuracy)).setProducedAt(NOW).build();
    }

    private static JobStatus job(String jobId, JobState state, long step, String message) {
        return JobStatus.newBuilder().setJobId(jobId).setState(state).setStep(step).setMessage(message)
                .setUpdatedAt(NOW).build();
    }

    private SweepState started(SweepRequest request) {
        return transitions.advance(state(request, List.of()), seen).next().orElseThrow();
    }

    private static SweepTrial trial(SweepState state, String trialId) {
        return state.getTrials().stream().filter(t -> t.getTrialId().equals(trialId)).findFirst().orElseThrow();
    }

    @Test
    void shouldLaunchUpToMaxConcurrentTrialsWhenTheSweepStarts() {
        // Given a fresh sweep of 4 trials, 2 at a time
        SweepState fresh = state(twoAtATime(4), List.of());

        // When
        SweepTransitions.Decisions decisions = transitions.advance(fresh, seen);

        // Then two trials are launched and recorded PENDING in the next state
        assertThat(decisions.launches()).extracting(l -> l.request().getJobId()).containsExactly("sweep-1-t0",
                "sweep-1-t1");
        SweepState next = decisions.next().orElseThrow();
        assertThat(next.getStatus()).isEqualTo(SweepStatus.RUNNING);
        assertThat(next.getTrials()).extracting(SweepTrial::getStatus).containsExactly(TrialStatus.PENDING,
                TrialStatus.PENDING);
        assertThat(next.getMessage()).isEqualTo("0 of 4 trials ended, 2 launched");
        assertThat(next.getUpdatedAt()).isEqualTo(NOW);
        assertThat(decisions.cancels()).isEmpty();
    }

    @Test
    void shouldFailTheSweepWhenARequestWrittenStraightToTheTopicIsInvalid() {
        // Given a sweep with no trials whose request the REST door would refuse
        SweepState invalid = state(request().setNumTrials(0).build(), List.of());

        // When
        SweepTransitions.Decisions decisions = transitions.advance(invalid, seen);

        // Then it is FAILED with the problems, and nothing is launched
        SweepState next = decisions.next().orElseThrow();
        assertThat(next.getStatus()).isEqualTo(SweepStatus.FAILED);
        assertThat(next.getMessage()).startsWith("invalid sweep request: ").contains("numTrials");
        assertThat(decisions.launches()).isEmpty();
    }

    @Test
    void shouldDecideNothingWhenTheSweepIsNotRunning() {
        // Given a sweep that already succeeded, with news about its jobs
        SweepState done = SweepState.newBuilder(started(twoAtATime(2))).setStatus(SweepStatus.SUCCEEDED).build();
        seen.status("sweep-1-t0", job("sweep-1-t0", JobState.FAILED, 3, "boom"));

        // When / Then
        assertThat(transitions.advance(done, seen)).isEqualTo(SweepTransitions.Decisions.none());
    }

    @Test
    void shouldDecideNothingWhenNothingNewWasRead() {
        // Given a started sweep whose trials' jobs said nothing yet
        SweepState running = started(twoAtATime(4));

        // When / Then
        assertThat(transitions.advance(running, seen).next()).isEmpty();
    }

    @Test
    void shouldMoveTrialsToTheirJobsStatesWhenJobsRunFailOrAreCancelled() {
        // Given three trials in flight whose jobs run, fail and are cancelled by someone else
        SweepState running = started(request().setNumTrials(3).setMaxConcurrentTrials(3).build());
        seen.status("sweep-1-t0", job("sweep-1-t0", JobState.RUNNING, 1, null));
        seen.status("sweep-1-t1", job("sweep-1-t1", JobState.FAILED, 2, "dataset unavailable"));
        seen.status("sweep-1-t2", job("sweep-1-t2", JobState.CANCELLED, 2, "cancelled by alice"));

        // When
        SweepState next = transitions.advance(running, seen).next().orElseThrow();

        // Then
        assertThat(next.getTrials()).extracting(SweepTrial::getStatus).containsExactly(TrialStatus.RUNNING,
                TrialStatus.FAILED, TrialStatus.STOPPED);
        assertThat(trial(next, "t1").getMessage()).isEqualTo("dataset unavailable");
        assertThat(trial(next, "t2").getMessage()).isEqualTo("cancelled by alice");
        assertThat(next.getStatus()).isEqualTo(SweepStatus.RUNNING);
    }

    @Test
    void shouldKeepAQueuedTrialPendingWhenItsJobIsOnlyQueued() {
        // Given a launched trial whose job is queued
        SweepState running = started(twoAtATime(2));
        seen.status("sweep-1-t0", job("sweep-1-t0", JobState.QUEUED, 0, "trial t0 of sweep sweep-1"));

        // When / Then nothing changes
        assertThat(transitions.advance(running, seen).next()).isEmpty();
    }

    @Test
    void shouldStopTheWorseTrialAndCancelItsJobWhenAshaStopsItAtTheFirstRung() {
        // Given two running trials; t0 reached rung 0 (one evaluation) with 0.9, then t1 with 0.5
        SweepState running = started(twoAtATime(4));
        seen.metric("sweep-1-t0", eval("sweep-1-t0", 10, 0.9));
        SweepState afterT0 = transitions.advance(running, seen).next().orElseThrow();
        seen.metric("sweep-1-t1", eval("sweep-1-t1", 10, 0.5));

        // When
        SweepTransitions.Decisions decisions = transitions.advance(afterT0, seen);

        // Then t1 is stopped with the scheduler's reason, its job is cancelled, and a trial takes its slot
        SweepState next = decisions.next().orElseThrow();
        SweepTrial t1 = trial(next, "t1");
        assertThat(t1.getStatus()).isEqualTo(TrialStatus.STOPPED);
        assertThat(t1.getMessage()).contains("rung 0").contains("ranks 2 of 2");
        assertThat(t1.getFinalMetric()).isEqualTo(0.5);
        assertThat(t1.getRung()).isZero();
        assertThat(trial(next, "t0").getHistory()).extracting(s -> s.getSeq()).containsExactly(0L);
        assertThat(t1.getHistory()).extracting(s -> s.getSeq()).containsExactly(1L);
        assertThat(decisions.cancels()).singleElement().satisfies(c -> {
            assertThat(c.getJobId()).isEqualTo("sweep-1-t1");
            assertThat(c.getState()).isEqualTo(JobState.CANCELLED);
            assertThat(c.getStep()).isEqualTo(10);
            assertThat(c.getMessage()).startsWith("stopped by the sweep's scheduler: rung 0");
            assertThat(c.getModelName()).isEqualTo("spam");
        });
        assertThat(decisions.launches()).extracting(l -> l.trial().getTrialId()).containsExactly("t2");
    }

    @Test
    void shouldCompleteATrialOnlyWhenItsLastEvaluationWasJudged() {
        // Given a trial whose job succeeded at step 20, but only its evaluation at step 10 was read so far
        SweepState running = started(twoAtATime(2));
        seen.metric("sweep-1-t0", eval("sweep-1-t0", 10, 0.8));
        seen.status("sweep-1-t0", job("sweep-1-t0", JobState.SUCCEEDED, 20, "done"));

        // When
        SweepState early = transitions.advance(running, seen).next().orElseThrow();

        // Then it is judged but not complete yet; once the step-20 evaluation is read, it is
        assertThat(trial(early, "t0").getStatus()).isEqualTo(TrialStatus.PENDING);
        assertThat(trial(early, "t0").getHistory()).hasSize(1);
        seen.metric("sweep-1-t0", eval("sweep-1-t0", 20, 0.85));
        SweepState complete = transitions.advance(early, seen).next().orElseThrow();
        assertThat(trial(complete, "t0").getStatus()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(trial(complete, "t0").getFinalMetric()).isEqualTo(0.85);
        assertThat(trial(complete, "t0").getMessage()).isEqualTo("done");
    }

    @Test
    void shouldSucceedWithTheBestCompletedTrialWhenEveryTrialEnded() {
        // Given a sweep of two trials: t0 completes with 0.7, t1 with 0.9
        SweepState running = started(twoAtATime(2));
        seen.metric("sweep-1-t0", eval("sweep-1-t0", 10, 0.7));
        seen.metric("sweep-1-t1", eval("sweep-1-t1", 10, 0.9));
        seen.status("sweep-1-t0", job("sweep-1-t0", JobState.SUCCEEDED, 10, null));
        seen.status("sweep-1-t1", job("sweep-1-t1", JobState.SUCCEEDED, 10, null));

        // When
        SweepState next = transitions.advance(running, seen).next().orElseThrow();

        // Then
        assertThat(next.getStatus()).isEqualTo(SweepStatus.SUCCEEDED);
        assertThat(next.getBestTrialId()).isEqualTo("t1");
        assertThat(next.getMessage()).isEqualTo("2 trials: 2 completed, 0 stopped early, 0 failed; "
                + "2 resource units in all; best t1");
    }

    @Test
    void shouldTakeTheSameDecisionsWhenAControllerIsRebuiltFromTheRecordedState() {
        // Given one controller that judged t0 and t1 at rung 0 and recorded the state, then was killed
        SweepState running = started(twoAtATime(4));
        seen.metric("sweep-1-t0", eval("sweep-1-t0", 10, 0.9));
        seen.metric("sweep-1-t1", eval("sweep-1-t1", 10, 0.95));
        SweepState recorded = transitions.advance(running, seen).next().orElseThrow();

        // When a new controller re-reads every metric and status from the beginning
        SweepObservations replayed = new SweepObservations();
        replayed.metric("sweep-1-t0", eval("sweep-1-t0", 10, 0.9));
        replayed.metric("sweep-1-t1", eval("sweep-1-t1", 10, 0.95));
        SweepTransitions rebuilt = new SweepTransitions(new SweepRequestValidator(), Clock.fixed(NOW, ZoneOffset.UTC));

        // Then nothing is judged twice, and later results are judged with the sweep-wide seq continuing
        assertThat(rebuilt.advance(recorded, replayed).next()).isEmpty();
        replayed.metric("sweep-1-t0", eval("sweep-1-t0", 20, 0.93));
        replayed.metric("sweep-1-t0", eval("sweep-1-t0", 30, 0.96));
        replayed.metric("sweep-1-t1", eval("sweep-1-t1", 20, 0.9));
        replayed.metric("sweep-1-t1", eval("sweep-1-t1", 30, 0.4));
        SweepState next = rebuilt.advance(recorded, replayed).next().orElseThrow();
        assertThat(trial(next, "t0").getHistory()).extracting(s -> s.getSeq()).containsExactly(0L, 2L, 3L);
        assertThat(trial(next, "t1").getHistory()).extracting(s -> s.getSeq()).containsExactly(1L, 4L, 5L);
        assertThat(trial(next, "t0").getStatus()).isEqualTo(TrialStatus.PENDING);
        assertThat(trial(next, "t1").getStatus()).isEqualTo(TrialStatus.STOPPED);
        assertThat(trial(next, "t1").getRung()).isEqualTo(1);
    }

    @Test
    void shouldCountOptimizerStepsAsTheResourceWhenTheSchedulerSaysSteps() {
        // Given a sweep whose ASHA rungs are at 10, 30 and 90 steps
        SweepRequest request = twoAtATime(2);
        request.setScheduler(asha(3, 10, 90));
        request.getScheduler().setResourceUnit(ResourceUnit.STEPS);
        SweepState running = started(request);
        seen.metric("sweep-1-t0", eval("sweep-1-t0", 30, 0.8));

        // When
        SweepState next = transitions.advance(running, seen).next().orElseThrow();

        // Then the step is the resource, recorded at rung 1
        assertThat(trial(next, "t0").getLastResource()).isEqualTo(30);
        assertThat(trial(next, "t0").getRung()).isEqualTo(1);
    }

    @Test
    void shouldSkipEvaluationsThatLackTheSweepMetric() {
        // Given an evaluation point without the sweep's metric (accuracy)
        SweepState running = started(twoAtATime(2));
        seen.metric("sweep-1-t0", TrainingMetric.newBuilder(eval("sweep-1-t0", 10, 0.5)).setValMetrics(Map.of())
                .build());

        // When / Then nothing is judged
        assertThat(transitions.advance(running, seen).next()).isEmpty();
    }

    @Test
    void shouldCountAnEvaluationStepOnceWhenAResumedJobPublishesItAgain() {
        // Given a job that published step 10 twice (resumed) and training points in between
        seen.metric("j", eval("j", 10, 0.6));
        seen.metric("j", eval("j", 10, 0.1));
        seen.metric("j", TrainingMetric.newBuilder(eval("j", 15, 0.2)).setKind(MetricKind.TRAIN).build());

        // When / Then the first step-10 point counts, the training point does not
        assertThat(seen.evaluations("j")).singleElement()
                .satisfies(m -> assertThat(m.getValMetrics()).containsEntry("accuracy", 0.6));
        assertThat(seen.evaluations("other")).isEmpty();
    }
}
