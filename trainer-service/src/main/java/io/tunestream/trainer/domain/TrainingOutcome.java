package io.tunestream.trainer.domain;

import java.util.Map;

/**
 * How a finished job ended.
 *
 * @param steps optimizer steps taken
 * @param bestStep step of the kept weights (the last step when there was no evaluation)
 * @param metrics validation metrics of the kept weights (empty without a validation split)
 * @param stoppedEarly whether early stopping ended it
 * @param lastTrainLoss loss of the last step
 */
public record TrainingOutcome(long steps, long bestStep, Map<String, Double> metrics, boolean stoppedEarly,
        double lastTrainLoss) {
}
