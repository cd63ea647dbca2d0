package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tunestream.model.FineTunable;
import java.util.List;
import java.util.Map;

/**
 * What a task adds to the shared fine-tuning loop: the model it trains, the loss of a micro-batch and the
 * validation metrics. {@link ClassificationObjective} (classification and regression heads) and
 * {@link CausalLmObjective} (next-token loss on completions) are the two.
 */
public interface TrainingObjective {

    /** @return the model being trained (weights, checkpoints, resume state) */
    FineTunable model();

    /**
     * @param batch examples of one micro-batch
     * @param manager the step's sub-manager (closed by the caller)
     * @return the loss with dropout on, and the real (non-padding) tokens it read
     */
    BatchLoss trainingLoss(List<Example> batch, NDManager manager);

    /**
     * @param examples the validation split
     * @param batchSize examples per forward pass
     * @param manager parent of the per-batch sub-managers
     * @return {@code val_loss} and the task's metrics, without dropout
     */
    Map<String, Double> validate(List<Example> examples, int batchSize, NDManager manager);

    /**
     * @param meanLoss mean training loss since the last training point
     * @return extra metrics of a training point (e.g. the training perplexity); empty by default
     */
    default Map<String, Double> trainingMetrics(double meanLoss) {
        return Map.of();
    }

    /**
     * A micro-batch's loss.
     *
     * @param loss scalar loss, in the graph
     * @param tokens real tokens of the batch (attention mask sum)
     */
    record BatchLoss(NDArray loss, long tokens) {
    }
}
