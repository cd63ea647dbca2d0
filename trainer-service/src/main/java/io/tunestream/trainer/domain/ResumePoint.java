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
 * @param checkpointPublished whether the checkpoint event of {@code step} was published (or none is owed: a point
 *                            saved when the job was interrupted between evaluations)
 * @param finalPublished whether the final checkpoint event was published (the job is then done)
 * @param keptStep step of the final weights (when final)
 * @param stoppedEarly whether early stopping ended it (when final)
 * @param jobEpoch fencing epoch of the run that wrote the point's tensor files (not a data epoch; 0 in files written
 *                 before it existed)
 */
public record ResumePoint(String fingerprint, long step, int epoch, int cursor, double best, long bestStep,
        int sinceImprovement, Map<String, Double> metrics, Map<String, Double> bestMetrics,
        boolean checkpointPublished, boolean finalPublished, long keptStep, boolean stoppedEarly, long jobEpoch) {

    /** @return a builder with nothing published yet and no kept step ({@code keptStep} -1) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this point's values */
    public Builder toBuilder() {
        return new Builder().fingerprint(fingerprint).step(step).position(epoch, cursor)
                .earlyStopping(best, bestStep, sinceImprovement).metrics(metrics).bestMetrics(bestMetrics)
                .checkpointPublished(checkpointPublished).finalPublished(finalPublished).keptStep(keptStep)
                .stoppedEarly(stoppedEarly).jobEpoch(jobEpoch);
    }

    /** @return a copy saying the checkpoint of {@code step} was published */
    public ResumePoint published() {
        return toBuilder().checkpointPublished(true).build();
    }

    /** @return a copy saying the final checkpoint was published */
    public ResumePoint finished(long kept, Map<String, Double> finalMetrics, boolean early) {
        return toBuilder().bestMetrics(finalMetrics).checkpointPublished(true).finalPublished(true).keptStep(kept)
                .stoppedEarly(early).build();
    }

    /**
     * Builds a {@link ResumePoint} by name (the record keeps its components, which are also the {@code resume.json}
     * fields, so files written before stay readable).
     */
    public static final class Builder {
        private String fingerprint;
        private long step;
        private int epoch;
        private int cursor;
        private double best;
        private long bestStep;
        private int sinceImprovement;
        private Map<String, Double> metrics = Map.of();
        private Map<String, Double> bestMetrics = Map.of();
        private boolean checkpointPublished;
        private boolean finalPublished;
        private long keptStep = -1;
        private boolean stoppedEarly;
        private long jobEpoch;

        private Builder() {
        }

        /** @param value the request's settings fingerprint */
        public Builder fingerprint(String value) {
            this.fingerprint = value;
            return this;
        }

        /** @param value optimizer steps taken */
        public Builder step(long value) {
            this.step = value;
            return this;
        }

        /**
         * @param epochOfOrder epoch of the data order
         * @param cursorInEpoch position within that epoch's order
         */
        public Builder position(int epochOfOrder, int cursorInEpoch) {
            this.epoch = epochOfOrder;
            this.cursor = cursorInEpoch;
            return this;
        }

        /**
         * @param bestValue best value of the watched metric
         * @param stepOfBest its step
         * @param evaluationsSinceImprovement evaluations since it improved
         */
        public Builder earlyStopping(double bestValue, long stepOfBest, int evaluationsSinceImprovement) {
            this.best = bestValue;
            this.bestStep = stepOfBest;
            this.sinceImprovement = evaluationsSinceImprovement;
            return this;
        }

        /** @param value validation metrics at the step */
        public Builder metrics(Map<String, Double> value) {
            this.metrics = value;
            return this;
        }

        /** @param value validation metrics at the best step */
        public Builder bestMetrics(Map<String, Double> value) {
            this.bestMetrics = value;
            return this;
        }

        /** @param value whether the step's checkpoint event was published */
        public Builder checkpointPublished(boolean value) {
            this.checkpointPublished = value;
            return this;
        }

        /** @param value whether the final checkpoint event was published */
        public Builder finalPublished(boolean value) {
            this.finalPublished = value;
            return this;
        }

        /** @param value step of the final weights */
        public Builder keptStep(long value) {
            this.keptStep = value;
            return this;
        }

        /** @param value whether early stopping ended the job */
        public Builder stoppedEarly(boolean value) {
            this.stoppedEarly = value;
            return this;
        }

        /** @param value fencing epoch of the run that wrote the tensor files */
        public Builder jobEpoch(long value) {
            this.jobEpoch = value;
            return this;
        }

        /** @return the point */
        public ResumePoint build() {
            return new ResumePoint(fingerprint, step, epoch, cursor, best, bestStep, sinceImprovement, metrics,
                    bestMetrics, checkpointPublished, finalPublished, keptStep, stoppedEarly, jobEpoch);
        }
    }
}
