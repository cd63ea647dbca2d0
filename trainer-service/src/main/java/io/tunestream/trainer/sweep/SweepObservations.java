package io.tunestream.trainer.sweep;

import io.tunestream.events.JobStatus;
import io.tunestream.events.MetricKind;
import io.tunestream.events.TrainingMetric;
import io.tunestream.schemas.EpochFence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a sweep controller has read about its trials' jobs: each job's evaluation points (one per step, the first
 * one seen wins, since a resumed job may publish a step again) and each job's latest status. The controller feeds
 * it records; {@link SweepTransitions} reads it. Statuses are fenced by epoch ({@link EpochFence}): one written by
 * a superseded worker of a taken-over trial job is ignored, so a stale FAILED cannot end a trial the new run is
 * training. Not thread-safe: one controller thread owns it.
 */
public final class SweepObservations {

    private final Map<String, TreeMap<Long, TrainingMetric>> evaluations = new HashMap<>();
    private final Map<String, JobStatus> statuses = new HashMap<>();
    private final EpochFence fence = new EpochFence();

    /** Records a metric of a job; only evaluation points count, once per step. */
    public void metric(String jobId, TrainingMetric metric) {
        if (jobId == null || metric == null || metric.getKind() != MetricKind.EVAL) {
            return;
        }
        evaluations.computeIfAbsent(jobId, k -> new TreeMap<>()).putIfAbsent(metric.getStep(), metric);
    }

    /** Records a job's status; the latest current one wins (a superseded worker's is ignored). */
    public void status(String jobId, JobStatus status) {
        if (jobId != null && status != null && fence.admit(status)) {
            statuses.put(jobId, status);
        }
    }

    /** A job's evaluation points in step order; empty when none was read. */
    public List<TrainingMetric> evaluations(String jobId) {
        TreeMap<Long, TrainingMetric> points = evaluations.get(jobId);
        return points == null ? List.of() : new ArrayList<>(points.values());
    }

    /** A job's latest status, if one was read. */
    public Optional<JobStatus> status(String jobId) {
        return Optional.ofNullable(statuses.get(jobId));
    }
}
