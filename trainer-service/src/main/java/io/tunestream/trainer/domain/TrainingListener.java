package io.tunestream.trainer.domain;

/** What the loop reports while it runs; the messaging layer turns each call into an event. */
public interface TrainingListener {

    /** Called once before the first step. */
    default void onStart(TrainingPlan plan) {
    }

    /** Called after every optimizer step. */
    default void onProgress(long step, long totalSteps) {
    }

    /** Called every N steps (training point) and at each evaluation. */
    default void onMetric(MetricPoint point) {
    }

    /** Called at each evaluation and once at the end with the final (best kept) weights. */
    default void onCheckpoint(CheckpointFile checkpoint) {
    }
}
