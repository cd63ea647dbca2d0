package io.tunestream.trainer.domain;

import java.nio.file.Path;
import java.util.Map;

/**
 * Trainable weights written by the loop (safetensors), handed to the listener to publish.
 *
 * @param step the optimizer step of the weights
 * @param file the safetensors file (the listener may move or delete it)
 * @param isFinal whether these are the job's final (best kept) weights
 * @param metrics validation metrics of these weights (empty when there was no evaluation)
 */
public record CheckpointFile(long step, Path file, boolean isFinal, Map<String, Double> metrics) {
}
