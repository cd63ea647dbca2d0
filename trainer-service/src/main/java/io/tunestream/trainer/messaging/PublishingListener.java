package io.tunestream.trainer.messaging;

import io.tunestream.events.JobState;
import io.tunestream.events.Lineage;
import io.tunestream.events.TrainingRequest;
import io.tunestream.trainer.domain.CheckpointFile;
import io.tunestream.trainer.domain.MetricPoint;
import io.tunestream.trainer.domain.TrainingListener;
import io.tunestream.trainer.domain.TrainingPlan;
import java.util.List;

/**
 * Turns the loop's callbacks into events: RUNNING statuses with progress, metrics, checkpoints; each status and
 * checkpoint is stamped with the run's epoch.
 */
final class PublishingListener implements TrainingListener {

    private final TrainingRequest request;
    private final long epoch;
    private final List<String> labels;
    private final Lineage lineage;
    private final JobStatusPublisher status;
    private final MetricPublisher metrics;
    private final CheckpointPublisher checkpoints;
    private final int progressEvery;
    private String note;
    private String lastCheckpointId;
    private long totalSteps;

    PublishingListener(TrainingRequest request, long epoch, List<String> labels, Lineage lineage,
            Publishers publishers, int progressEvery) {
        this.request = request;
        this.epoch = epoch;
        this.labels = labels;
        this.lineage = lineage;
        this.status = publishers.status();
        this.metrics = publishers.metrics();
        this.checkpoints = publishers.checkpoints();
        this.progressEvery = Math.max(1, progressEvery);
    }

    /** The three publishers a job writes through. */
    record Publishers(JobStatusPublisher status, MetricPublisher metrics, CheckpointPublisher checkpoints) {
    }

    @Override
    public void onStart(TrainingPlan plan) {
        note = plan.note();
        totalSteps = plan.totalSteps();
        running(0);
    }

    @Override
    public void onProgress(long step, long total) {
        if (step % progressEvery == 0 && step < total) {
            running(step);
        }
    }

    @Override
    public void onResume(long step) {
        note = "resumed from the checkpoint of step " + step + " (weights, optimizer state, data position, RNG)";
        lastCheckpointId = request.getJobId() + "-step-" + step;
        running(step);
    }

    @Override
    public void onMetric(MetricPoint point) {
        metrics.publish(request.getJobId(), point);
    }

    @Override
    public void onCheckpoint(CheckpointFile checkpoint) {
        lastCheckpointId = checkpoints.publish(request, epoch, labels, checkpoint, lineage);
    }

    String lastCheckpointId() {
        return lastCheckpointId;
    }

    private void running(long step) {
        status.publish(JobStatusPublisher.of(request, epoch, JobState.RUNNING).setStep(step).setTotalSteps(totalSteps)
                .setProgress(totalSteps == 0 ? 0 : (double) step / totalSteps).setMessage(note)
                .setLastCheckpointId(lastCheckpointId));
    }
}
