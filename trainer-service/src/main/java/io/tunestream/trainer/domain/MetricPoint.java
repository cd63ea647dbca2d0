package io.tunestream.trainer.domain;

import java.util.Map;

/**
 * One point of a job's metrics stream.
 *
 * @param step optimizer step
 * @param epoch fractional epoch
 * @param evaluation true for an evaluation point, false for a training point
 * @param trainLoss mean training loss since the last training point, or null
 * @param valLoss validation loss, or null
 * @param valMetrics validation metrics (accuracy, f1_macro, ...)
 * @param learningRate learning rate of the step
 * @param gradNorm global gradient norm before clipping, or null
 * @param samplesPerSecond throughput since the last point
 * @param tokensPerSecond non-padding tokens per second since the last point
 * @param memoryBytes process resident memory
 */
public record MetricPoint(long step, double epoch, boolean evaluation, Double trainLoss, Double valLoss,
        Map<String, Double> valMetrics, double learningRate, Double gradNorm, double samplesPerSecond,
        double tokensPerSecond, long memoryBytes) {
}
