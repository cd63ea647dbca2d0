package io.tunestream.model.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.optim.GlobalNormClipping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * One optimisation step without DJL's Trainer: the loss is built in a sub-manager that is
 * closed after the step (so activations and graph are freed), gradients are handed to the
 * optimizer, then zeroed (PyTorch accumulates them) and their handles closed.
 */
public final class TrainingStep {

    private TrainingStep() {}

    /**
     * @param parent manager the step's sub-manager derives from (on the model's device)
     * @param trainable the tensors to update
     * @param optimizer any DJL optimizer (DJL's AdamW, or the project's parameter-group AdamW)
     * @param lossFunction builds the scalar loss from arrays created in the given sub-manager
     * @return the loss value before the update
     */
    public static float run(NDManager parent, Collection<TensorSlot> trainable, Optimizer optimizer,
            Function<NDManager, NDArray> lossFunction) {
        return run(parent, trainable, optimizer, lossFunction, 0);
    }

    /**
     * As {@link #run(NDManager, Collection, Optimizer, Function)}, clipping the gradients to a
     * global L2 norm first.
     *
     * @param maxGradNorm global-norm limit; 0 or less disables clipping
     */
    public static float run(NDManager parent, Collection<TensorSlot> trainable, Optimizer optimizer,
            Function<NDManager, NDArray> lossFunction, double maxGradNorm) {
        try (NDManager step = parent.newSubManager()) {
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = lossFunction.apply(step);
                collector.backward(loss);
            }
            float value = loss.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
            List<NDArray> gradients = new ArrayList<>();
            for (TensorSlot slot : trainable) {
                gradients.add(slot.parameter().getArray().getGradient());
            }
            if (maxGradNorm > 0) {
                GlobalNormClipping.clip(gradients, maxGradNorm);
            }
            int i = 0;
            for (TensorSlot slot : trainable) {
                NDArray gradient = gradients.get(i++);
                optimizer.update(slot.parameter().getId(), slot.parameter().getArray(), gradient);
                gradient.subi(gradient);
                gradient.close();
            }
            return value;
        }
    }
}
