package io.tunestream.trainer.domain;

import java.util.Map;

/**
 * Where a job stood at its last evaluation, enough to go on as if it had never stopped: the step (the schedule
 * and the optimizer's bias correction follow from it), the data position (epoch and cursor of the seeded order),
 * early stopping's state, the metrics of that evaluation and of the best one so far, and which checkpoint events
 * were published (so a resumed job publishes each exactly once). The weights and optimizer moments are files
 * of the {@link ResumeStore}.
 *
 * @param fingerprint the request's settings this state belongs to
 * @param step optimizer steps taken
 * @param epoch epoch of the data order
 * @param cursor position within that epoch's order
 * @param best best value of the watched metric
 * @param bestStep its step
 * @param sinceImprovement evaluations since it improved
 * @param metrics validation metrics at {@code step}
 * @param bestMetrics validation metrics at {@code bestStep}
 * @param checkpointPublished whether the checkpoint event of {@code step} was published
 * @param finalPublished whether the final checkpoint event was published (the job is then done)
 * @param keptStep step of the final weights (when final)
 * @param stoppedEarly whether early stopping ended it (when final)
 */
public record ResumePoint(String fingerprint, long step, int epoch, int cursor, double best, long bestStep,
        int sinceImprovement, Map<String, Double> metrics, Map<String, Double> bestMetrics,
        boolean checkpointPublished, boolean finalPublished, long keptStep, boolean stoppedEarly) {

    /** @return a copy saying the checkpoint of {@code step} was published */
    public ResumePoint published() {
        return new ResumePoint(fingerprint, step, epoch, cursor, best, bestStep, sinceImprovement, metrics, bestMetrics,
                true, finalPublished, keptStep, stoppedEarly);
    }

    /** @return a copy saying the final checkpoint was published */
    public ResumePoint finished(long kept, Map<String, Double> finalMetrics, boolean early) {
        return new ResumePoint(fingerprint, step, epoch, cursor, best, bestStep, sinceImprovement, metrics,
                finalMetrics, true, true, kept, early);
    }
}
