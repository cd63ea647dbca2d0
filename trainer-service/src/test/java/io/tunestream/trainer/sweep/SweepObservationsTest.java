package io.tunestream.trainer.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SweepObservationsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void shouldIgnoreTheStatusOfASupersededWorkerOnceTheTrialJobWasTakenOver() {
        // Given a trial job taken over by worker b (epoch 1) from worker a (epoch 0)
        SweepObservations seen = new SweepObservations();
        seen.status("t1", status(JobState.RUNNING, "a", 0, 4));
        seen.status("t1", status(JobState.RUNNING, "b", 1, 5));

        // When the superseded worker a, still running, reports a failure
        seen.status("t1", status(JobState.FAILED, "a", 0, 6));

        // Then the trial is still the new run's
        assertThat(seen.status("t1")).get().extracting(JobStatus::getState, JobStatus::getWorkerId, JobStatus::getStep)
                .containsExactly(JobState.RUNNING, "b", 5L);
    }

    @Test
    void shouldTakeStatusesWrittenByNoWorkerAndTheCurrentRunsEnd() {
        // Given the new run of a taken-over trial job
        SweepObservations seen = new SweepObservations();
        seen.status("t1", status(JobState.RUNNING, "b", 1, 5));

        // When a cancel request (written by no worker, epoch 0) and then the run's own end arrive
        seen.status("t1", status(JobState.CANCELLED, null, 0, 0));
        JobStatus cancelled = seen.status("t1").orElseThrow();
        seen.status("t1", status(JobState.CANCELLED, "b", 1, 6));

        // Then both count: the user's word is never stale, and the current run's status wins after it
        assertThat(cancelled.getWorkerId()).isNull();
        assertThat(seen.status("t1")).get().extracting(JobStatus::getWorkerId, JobStatus::getStep)
                .containsExactly("b", 6L);
    }

    private static JobStatus status(JobState state, String worker, long epoch, long step) {
        return JobStatus.newBuilder().setJobId("t1").setState(state).setStep(step).setWorkerId(worker)
                .setEpoch(epoch).setUpdatedAt(NOW).build();
    }
}
