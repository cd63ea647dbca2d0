package io.tunestream.model.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.optim.GlobalNormClipping;
import io.tunestream.model.optim.ParameterGroupAdamW;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * One optimisation step without DJL's Trainer: the loss is built in a sub-manager that is
 * closed after the step (so activations and graph are freed), gradients are handed to the
 * optimizer, then zeroed (PyTorch accumulates them) and their handles closed. A
 * {@link ParameterGroupAdamW} zeroes each gradient itself; other optimizers' are zeroed here.
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
        return run(parent, trainable, optimizer, lossFunction, maxGradNorm, PhaseTimes.NONE);
    }

    /** Receives how long each phase of a step took (wall time; on CPU every operation is synchronous). */
    @FunctionalInterface
    public interface PhaseTimes {

        /** Records nothing. */
        PhaseTimes NONE = (forward, backward, update) -> { };

        /**
         * @param forwardNanos building the loss, up to reading its value
         * @param backwardNanos back-propagation
         * @param updateNanos clipping, the optimizer's updates and zeroing the gradients
         */
        void record(long forwardNanos, long backwardNanos, long updateNanos);
    }

    /**
     * As {@link #run(NDManager, Collection, Optimizer, Function, double)}, reporting each phase's time.
     *
     * @param times receives the forward, backward and update times of this step
     */
    public static float run(NDManager parent, Collection<TensorSlot> trainable, Optimizer optimizer,
            Function<NDManager, NDArray> lossFunction, double maxGradNorm, PhaseTimes times) {
        try (NDManager step = parent.newSubManager()) {
            long start = System.nanoTime();
            NDArray loss;
            float value;
            long forwardEnd;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = lossFunction.apply(step);
                value = loss.toType(DataType.FLOAT32, false).getFloat();
                forwardEnd = System.nanoTime();
                collector.backward(loss);
            }
            long backwardEnd = System.nanoTime();
            List<NDArray> gradients = new ArrayList<>();
            for (TensorSlot slot : trainable) {
                gradients.add(slot.parameter().getArray().getGradient());
            }
            if (maxGradNorm > 0) {
                GlobalNormClipping.clip(gradients, maxGradNorm);
            }
            List<String> ids = new ArrayList<>(gradients.size());
            List<NDArray> weights = new ArrayList<>(gradients.size());
            for (TensorSlot slot : trainable) {
                ids.add(slot.parameter().getId());
                weights.add(slot.parameter().getArray());
            }
            ParameterGroupAdamW.updateAll(optimizer, ids, weights, gradients);
            boolean zeroedByOptimizer = optimizer instanceof ParameterGroupAdamW;
            for (NDArray gradient : gradients) {
                if (!zeroedByOptimizer) {
                    gradient.subi(gradient);
                }
                gradient.close();
            }
            times.record(forwardEnd - start, backwardEnd - forwardEnd, System.nanoTime() - backwardEnd);
            return value;
        }
    }
}
