package io.tunestream.evaluator.report;

/**
 * One point of a training run's metrics stream, as the report plots it.
 *
 * @param step optimiser step
 * @param epoch epoch (fractional within an epoch)
 * @param loss training loss at this step; NaN when not reported
 * @param validationLoss validation loss at this step; NaN when not evaluated at this step
 * @param learningRate learning rate at this step; NaN when not reported
 */
public record TrainingPoint(long step, double epoch, double loss, double validationLoss, double learningRate) {
}
