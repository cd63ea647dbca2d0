package io.tunestream.trainer.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.trainer.domain.MetricPoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer gauges on /q/metrics (Prometheus): jobs by state (every job the compacted jobs topic knows), and per
 * job that this worker trains, its step, training loss, validation loss, samples/s and tokens/s
 * ({@code tunestream_trainer_job_*{job="..."}}). A job's gauges go away when the job ends.
 */
@ApplicationScoped
public class TrainerMetrics {

    private final MeterRegistry registry;
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();

    public TrainerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers {@code tunestream_trainer_jobs{state=...}}, counted over {@code jobs} when scraped. */
    public void bindJobs(Supplier<Map<String, JobStatus>> jobs) {
        for (JobState state : JobState.values()) {
            Gauge.builder("tunestream.trainer.jobs", jobs,
                            all -> all.get().values().stream().filter(s -> s.getState() == state).count())
                    .tag("state", state.name()).description("Training jobs by latest state")
                    .strongReference(true) // the supplier is a method reference nobody else holds
                    .register(registry);
        }
    }

    /** A metric point of a job this worker trains: its gauges move (registered at its first point). */
    public void record(String jobId, MetricPoint point) {
        running.computeIfAbsent(jobId, this::register).update(point);
    }

    /** A job's latest status: once it has ended, its gauges are removed. */
    public void status(JobStatus status) {
        JobState state = status.getState();
        if (state != JobState.QUEUED && state != JobState.RUNNING) {
            RunningJob job = running.remove(status.getJobId());
            if (job != null) {
                job.meters.forEach(registry::remove);
            }
        }
    }

    private RunningJob register(String jobId) {
        RunningJob job = new RunningJob();
        Tags tags = Tags.of("job", jobId);
        job.meters.add(gauge("tunestream.trainer.job.step", tags, job, j -> j.step, "Optimizer step"));
        job.meters.add(gauge("tunestream.trainer.job.loss", tags, job, j -> j.loss, "Training loss (mean since last point)"));
        job.meters.add(gauge("tunestream.trainer.job.val.loss", tags, job, j -> j.valLoss, "Validation loss"));
        job.meters.add(gauge("tunestream.trainer.job.samples.per.second", tags, job, j -> j.samplesPerSecond,
                "Training throughput"));
        job.meters.add(gauge("tunestream.trainer.job.tokens.per.second", tags, job, j -> j.tokensPerSecond,
                "Non-padding tokens per second"));
        return job;
    }

    private Meter gauge(String name, Tags tags, RunningJob job, ToDoubleFunction<RunningJob> value,
                        String description) {
        return Gauge.builder(name, job, value).tags(tags).description(description).strongReference(true)
                .register(registry);
    }

    /** The latest values of one job; NaN until known. */
    private static final class RunningJob {
        private final List<Meter> meters = new ArrayList<>();
        private volatile double step = Double.NaN;
        private volatile double loss = Double.NaN;
        private volatile double valLoss = Double.NaN;
        private volatile double samplesPerSecond = Double.NaN;
        private volatile double tokensPerSecond = Double.NaN;

        void update(MetricPoint p) {
            step = p.step();
            if (p.trainLoss() != null) {
                loss = p.trainLoss();
            }
            if (p.valLoss() != null) {
                valLoss = p.valLoss();
            }
            if (!p.evaluation()) {
                samplesPerSecond = p.samplesPerSecond();
                tokensPerSecond = p.tokensPerSecond();
            }
        }
    }
}
