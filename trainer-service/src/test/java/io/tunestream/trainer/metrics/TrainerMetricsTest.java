package io.tunestream.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.trainer.domain.MetricPoint;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TrainerMetrics metrics = new TrainerMetrics(registry);

    private static MetricPoint train(long step, double loss, double samplesPerSecond) {
        return new MetricPoint(step, 0.1, false, loss, null, Map.of(), 1e-4, 1.0, samplesPerSecond, 900, 1L << 30);
    }

    private static JobStatus status(String job, JobState state) {
        return JobStatus.newBuilder().setJobId(job).setState(state).setUpdatedAt(Instant.now()).build();
    }

    private double gauge(String name, String job) {
        return registry.get(name).tag("job", job).gauge().value();
    }

    @Test
    void shouldMoveARunningJobsGaugesWithEachPoint() {
        // Given
        metrics.record("j1", train(2, 0.9, 10));
        // When
        metrics.record("j1", train(4, 0.6, 12));
        metrics.record("j1", new MetricPoint(4, 0.2, true, null, 0.55, Map.of("accuracy", 0.8), 1e-4, null, 0, 0, 0));
        // Then: the evaluation point moved the validation loss and left throughput and training loss alone
        assertThat(gauge("tunestream.trainer.job.step", "j1")).isEqualTo(4);
        assertThat(gauge("tunestream.trainer.job.loss", "j1")).isEqualTo(0.6);
        assertThat(gauge("tunestream.trainer.job.val.loss", "j1")).isEqualTo(0.55);
        assertThat(gauge("tunestream.trainer.job.samples.per.second", "j1")).isEqualTo(12);
        assertThat(gauge("tunestream.trainer.job.tokens.per.second", "j1")).isEqualTo(900);
    }

    @Test
    void shouldRemoveAJobsGaugesWhenItEnds() {
        // Given
        metrics.record("j1", train(2, 0.9, 10));
        metrics.record("j2", train(2, 0.8, 10));
        // When
        metrics.status(status("j1", JobState.RUNNING));
        metrics.status(status("j2", JobState.SUCCEEDED));
        // Then
        assertThat(registry.find("tunestream.trainer.job.step").tag("job", "j1").gauge()).isNotNull();
        assertThat(registry.find("tunestream.trainer.job.step").tag("job", "j2").gauges()).isEmpty();
    }

    @Test
    void shouldCountJobsByStateWhenScraped() {
        // Given
        Map<String, JobStatus> jobs = new java.util.concurrent.ConcurrentHashMap<>();
        metrics.bindJobs(() -> jobs);
        // When
        jobs.put("a", status("a", JobState.RUNNING));
        jobs.put("b", status("b", JobState.FAILED));
        jobs.put("c", status("c", JobState.FAILED));
        // Then
        assertThat(registry.get("tunestream.trainer.jobs").tag("state", "FAILED").gauge().value()).isEqualTo(2);
        assertThat(registry.get("tunestream.trainer.jobs").tag("state", "RUNNING").gauge().value()).isEqualTo(1);
        assertThat(registry.get("tunestream.trainer.jobs").tag("state", "QUEUED").gauge().value()).isZero();
    }
}
