package io.tunestream.trainer.rest;

import io.tunestream.events.TrainingMetric;
import java.util.Map;

/** JSON view of one training metric point (an event of {@code GET /jobs/{id}/metrics}). */
public record MetricView(String jobId, long step, double epoch, Double trainLoss, Double valLoss,
        Map<String, Double> valMetrics, double learningRate, Double gradNorm, double samplesPerSecond,
        double tokensPerSecond, long memoryBytes, String kind, String producedAt) {

    static MetricView of(TrainingMetric m) {
        return new MetricView(m.getJobId(), m.getStep(), m.getEpoch(), m.getTrainLoss(), m.getValLoss(),
                m.getValMetrics(), m.getLearningRate(), m.getGradNorm(), m.getSamplesPerSecond(),
                m.getTokensPerSecond(), m.getMemoryBytes(), m.getKind().name(), String.valueOf(m.getProducedAt()));
    }
}
