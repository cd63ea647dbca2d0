package io.tunestream.schemas;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EpochFenceTest {

    private final EpochFence fence = new EpochFence();

    @Test
    void shouldStartAtZeroWhenNoWorkerRanTheJob() {
        // When
        long epoch = EpochFence.takeover(OptionalLong.empty(), OptionalLong.empty());

        // Then
        assertThat(epoch).isZero();
    }

    @Test
    void shouldGoOneAboveTheHighestEpochOfStatusesAndResumeState() {
        // Then
        assertThat(EpochFence.takeover(OptionalLong.of(0), OptionalLong.empty())).isEqualTo(1);
        assertThat(EpochFence.takeover(OptionalLong.of(1), OptionalLong.of(3))).isEqualTo(4);
        assertThat(EpochFence.takeover(OptionalLong.of(5), OptionalLong.of(2))).isEqualTo(6);
    }

    @Test
    void shouldRefuseAndCountALowerEpochOnceAHigherOneWasSeen() {
        // Given
        assertThat(fence.admit("job-1", 0)).isTrue();
        assertThat(fence.admit("job-1", 1)).isTrue();

        // When
        boolean stale = fence.admit("job-1", 0);

        // Then
        assertThat(stale).isFalse();
        assertThat(fence.admit("job-1", 1)).isTrue();
        assertThat(fence.highest("job-1")).hasValue(1);
        assertThat(fence.staleCount()).isEqualTo(1);
    }

    @Test
    void shouldKeepEachJobsEpochApart() {
        // Given
        fence.admit("job-1", 3);

        // When / Then
        assertThat(fence.admit("job-2", 0)).isTrue();
        assertThat(fence.highest("job-3")).isEmpty();
        assertThat(fence.isSuperseded("job-1", 2)).isTrue();
        assertThat(fence.isSuperseded("job-1", 3)).isFalse();
        assertThat(fence.isSuperseded("job-2", 0)).isFalse();
    }

    @Test
    void shouldAlwaysTakeAStatusWrittenByNoWorkerWithoutRaisingTheEpoch() {
        // Given
        fence.admit(status("w2", 2, JobState.RUNNING));

        // When
        boolean cancel = fence.admit(status(null, 0, JobState.CANCELLED));
        boolean stale = fence.admit(status("w1", 1, JobState.SUCCEEDED));

        // Then
        assertThat(cancel).isTrue();
        assertThat(stale).isFalse();
        assertThat(fence.highest("job-1")).hasValue(2);
    }

    @Test
    void shouldTellARunItIsSupersededOnlyByAWorkersStatusOfAHigherEpoch() {
        // Then
        assertThat(EpochFence.supersedes(status("w2", 2, JobState.RUNNING), 1)).isTrue();
        assertThat(EpochFence.supersedes(status("w1", 1, JobState.RUNNING), 1)).isFalse();
        assertThat(EpochFence.supersedes(status(null, 5, JobState.CANCELLED), 1)).isFalse();
    }

    @Test
    void shouldReadZeroFromAStatusWrittenBeforeEpochsExisted() {
        // Given an old event, built without the field
        JobStatus old = JobStatus.newBuilder().setJobId("job-1").setState(JobState.RUNNING).setWorkerId("w")
                .setUpdatedAt(Instant.EPOCH).build();

        // Then
        assertThat(old.getEpoch()).isZero();
        assertThat(fence.admit(old)).isTrue();
    }

    private static JobStatus status(String worker, long epoch, JobState state) {
        return JobStatus.newBuilder().setJobId("job-1").setState(state).setWorkerId(worker).setEpoch(epoch)
                .setUpdatedAt(Instant.EPOCH).build();
    }
}
