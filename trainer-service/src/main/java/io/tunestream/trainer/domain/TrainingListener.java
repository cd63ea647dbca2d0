package io.tunestream.trainer.domain;

/** What the loop reports while it runs; the messaging layer turns each call into an event. */
public interface TrainingListener {

    /** Called once before the first step. */
    default void onStart(TrainingPlan plan) {
    }

    /** Called after every optimizer step. */
    default void onProgress(long step, long totalSteps) {
    }

    /** The job goes on from a resume point (after a worker crash) at {@code step}. */
    default void onResume(long step) {
    }

    /** Called every N steps (training point) and at each evaluation. */
    default void onMetric(MetricPoint point) {
    }

    /** Called at each evaluation and once at the end with the final (best kept) weights. */
    default void onCheckpoint(CheckpointFile checkpoint) {
    }
}
