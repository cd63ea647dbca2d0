package io.tunestream.model.optim;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AdamW as {@code torch.optim.AdamW} computes it (decoupled weight decay {@code w *= 1 - lr*wd}, then
 * {@code w -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)}), with two parameter groups: parameters whose
 * NAME matches the no-decay rule (biases, LayerNorm/RMSNorm weights by default) are not decayed.
 *
 * <p>DJL's own {@code AdamW} has a single weight decay for all parameters and puts epsilon inside the
 * bias correction ({@code lr*sqrt(bc2)/bc1 * m/(sqrt(v)+eps)}), which differs from PyTorch in early
 * steps. DJL hands the optimizer parameter UUIDs, so this one is built with an id-to-name map.
 */
public final class ParameterGroupAdamW extends Optimizer {

    private static final Logger LOG = LoggerFactory.getLogger(ParameterGroupAdamW.class);

    private final Map<String, String> namesById;
    private final Predicate<String> noDecay;
    private final ParameterTracker learningRate;
    private final AdamWStep.Hyper hyper;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    private final AdamWStep.Scratch scratch = new AdamWStep.Scratch();
    private Optional<FusedAdamWKernel> fused;

    private ParameterGroupAdamW(Builder builder) {
        super(builder);
        this.namesById = Map.copyOf(builder.namesById);
        this.noDecay = builder.noDecay;
        this.learningRate = builder.learningRate;
        this.hyper = new AdamWStep.Hyper(builder.beta1, builder.beta2, builder.epsilon, rescaleGrad, clipGrad);
        // the kernel neither rescales nor clips element-wise (global-norm clipping happens before the optimizer)
        this.fused = builder.fused && rescaleGrad == 1f && clipGrad < 0f ? FusedAdamWKernel.load() : Optional.empty();
    }

    /** @return a builder with torch's defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 0.01) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Updates one parameter in place and zeroes its gradient; see {@link #updateAll}, which a
     * training step should call instead (the fused kernel then runs once for all tensors).
     */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        updateAll(List.of(parameterId), List.of(weight), List.of(grad));
    }

    /**
     * Updates the given parameters in place and zeroes their gradients: with libtorch's fused
     * kernel where it can ({@link FusedAdamWKernel}; one call per group of tensors sharing learning
     * rate, decay, step, device and type), else as composed operations ({@link AdamWStep}).
     * Updates are serialised: they share scratch tensors and constants, and each one already uses
     * every core.
     *
     * @param parameterIds the parameters' ids, as DJL names them
     * @param weights the arrays to update (the parameters' arrays, or fp32 masters)
     * @param grads their gradients, read only
     */
    public synchronized void updateAll(List<String> parameterIds, List<NDArray> weights, List<NDArray> grads) {
        Map<FusedGroup, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < parameterIds.size(); i++) {
            String parameterId = parameterIds.get(i);
            NDArray weight = weights.get(i);
            NDArray grad = grads.get(i);
            int step = updateCount(parameterId);
            float lr = learningRate.getNewValue(parameterId, step);
            if (!Float.isFinite(lr)) {
                throw new IllegalStateException("learning rate is " + lr + " at step " + step);
            }
            float decay = decays(parameterId) ? getWeightDecay() : 0f;
            NDArray mean = withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike());
            NDArray variance = withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike());
            if (fused.isPresent() && fusable(weight, grad)) {
                groups.computeIfAbsent(new FusedGroup(lr, decay, step, weight.getDevice(), weight.getDataType()),
                        k -> new ArrayList<>()).add(i);
            } else {
                AdamWStep.apply(weight, grad, mean, variance, hyper.at(lr, decay, step), scratch);
            }
        }
        groups.forEach((group, members) -> {
            List<NDArray> w = new ArrayList<>(members.size());
            List<NDArray> g = new ArrayList<>(members.size());
            List<NDArray> m = new ArrayList<>(members.size());
            List<NDArray> v = new ArrayList<>(members.size());
            for (int i : members) {
                String id = parameterIds.get(i);
                w.add(weights.get(i));
                g.add(grads.get(i));
                m.add(means.get(id).get(group.device()));
                v.add(variances.get(id).get(group.device()));
            }
            NDArray stepTensor = scratch.scalar(w.get(0), group.step(), DataType.FLOAT32);
            try {
                fused.get().step(w, g, m, v, stepTensor, group.lr(), hyper.beta1(), hyper.beta2(), group.decay(),
                        hyper.epsilon());
            } catch (EngineException e) {
                // the kernel checks its inputs before it writes anything: compose this group's update instead
                LOG.warn("libtorch's fused AdamW refused {} tensors on {} ({}); this optimizer composes its updates from now on",
                        w.size(), group.device(), e.getMessage());
                fused = Optional.empty();
                for (int k = 0; k < w.size(); k++) {
                    AdamWStep.apply(w.get(k), g.get(k), m.get(k), v.get(k), hyper.at(group.lr(), group.decay(), group.step()),
                            scratch);
                }
            }
        });
        weights.forEach(Gradients::zero);
    }

    /** Tensors one fused call can update together. */
    private record FusedGroup(float lr, float decay, int step, Device device, DataType type) {
    }

    /**
     * Updates with {@link #updateAll} when the optimizer is a {@code ParameterGroupAdamW}, else one
     * parameter at a time with {@link Optimizer#update}.
     *
     * @param optimizer any DJL optimizer
     * @param parameterIds the parameters' ids
     * @param weights the arrays to update
     * @param grads their gradients
     */
    public static void updateAll(Optimizer optimizer, List<String> parameterIds, List<NDArray> weights,
            List<NDArray> grads) {
        if (optimizer instanceof ParameterGroupAdamW adamW) {
            adamW.updateAll(parameterIds, weights, grads);
            return;
        }
        for (int i = 0; i < parameterIds.size(); i++) {
            optimizer.update(parameterIds.get(i), weights.get(i), grads.get(i));
        }
    }

    /** @return whether this optimizer updates with libtorch's fused kernel (see {@link FusedAdamWKernel}) */
    public boolean isFused() {
        return fused.isPresent();
    }

    private static boolean fusable(NDArray weight, NDArray grad) {
        DataType type = weight.getDataType();
        return weight instanceof PtNDArray && grad instanceof PtNDArray
                && type.isFloating() && type == grad.getDataType() && weight.getDevice().equals(grad.getDevice())
                && weight.getShape().equals(grad.getShape());
    }

    /** Name prefix of the first moments in {@link #state()} (torch's {@code exp_avg}). */
    public static final String MEAN_PREFIX = "optimizer.exp_avg.";
    /** Name prefix of the second moments in {@link #state()} (torch's {@code exp_avg_sq}). */
    public static final String VARIANCE_PREFIX = "optimizer.exp_avg_sq.";

    /**
     * The optimizer's moments by parameter name, for a resumable checkpoint. The step count is not in it: a
     * resumed optimizer is built with {@code optBeginNumUpdate(step)}, so its next update is step + 1.
     *
     * @return {@value #MEAN_PREFIX}name and {@value #VARIANCE_PREFIX}name for every parameter updated so far
     */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new TreeMap<>();
        means.forEach((id, byDevice) -> byDevice.values().stream().findFirst()
                .ifPresent(a -> out.put(MEAN_PREFIX + namesById.get(id), a)));
        variances.forEach((id, byDevice) -> byDevice.values().stream().findFirst()
                .ifPresent(a -> out.put(VARIANCE_PREFIX + namesById.get(id), a)));
        return out;
    }

    /**
     * Restores the moments written by {@link #state()}.
     *
     * @param tensors the saved tensors (other names are ignored)
     * @param manager the manager that will own the moments (the parameters' manager, on their device)
     * @throws IllegalArgumentException when a parameter's moments are missing or have another shape
     */
    public void restore(Map<String, NDArray> tensors, NDManager manager) {
        namesById.forEach((id, name) -> {
            NDArray mean = tensors.get(MEAN_PREFIX + name);
            NDArray variance = tensors.get(VARIANCE_PREFIX + name);
            if (mean == null || variance == null) {
                throw new IllegalArgumentException("the optimizer state has no moments of " + name);
            }
            means.put(id, new ConcurrentHashMap<>(Map.of(manager.getDevice(), copy(mean, manager))));
            variances.put(id, new ConcurrentHashMap<>(Map.of(manager.getDevice(), copy(variance, manager))));
        });
    }

    /**
     * A copy of {@code array} that {@code manager} owns. Not {@code toDevice(device, true)}: on the array's own device
     * DJL's PyTorch engine returns a view of it (libtorch's {@code to()} without its copy flag), and an array read from
     * a file lives in Java memory that is freed (by the garbage collector, at any time) once its owner closes: the
     * moments would then be read and written by the fused kernel in freed memory.
     */
    private static NDArray copy(NDArray array, NDManager manager) {
        NDArray onDevice = array.toDevice(manager.getDevice(), false);
        NDArray copy = onDevice.duplicate();
        copy.attach(manager);
        return copy;
    }

    /**
     * @param parameterId a parameter's UUID
     * @return whether weight decay applies to it
     * @throws IllegalStateException when the id was not given to the builder (a silent default would
     *     decay LayerNorm weights or skip decay without anyone noticing)
     */
    public boolean decays(String parameterId) {
        String name = namesById.get(parameterId);
        if (name == null) {
            throw new IllegalStateException("parameter " + parameterId + " has no name: build the optimizer "
                    + "with the model's ParameterList (or an id-to-name map that covers every trainable parameter)");
        }
        return !noDecay.test(name);
    }

    /** Builds a {@link ParameterGroupAdamW}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private final Map<String, String> namesById = new HashMap<>();
        private Predicate<String> noDecay = NoDecayRule.DEFAULT;
        private ParameterTracker learningRate = Tracker.fixed(1e-3f);
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;
        private boolean fused = true;

        private Builder() {
            optWeightDecays(0.01f);
        }

        /**
         * @param parameters the model's parameters ({@code block.getParameters()}), named by path
         * @return this builder
         */
        public Builder parameters(ParameterList parameters) {
            for (Pair<String, Parameter> pair : parameters) {
                namesById.put(pair.getValue().getId(), pair.getKey());
            }
            return this;
        }

        /**
         * @param idToName parameter UUID to parameter name
         * @return this builder
         */
        public Builder parameterNames(Map<String, String> idToName) {
            namesById.putAll(idToName);
            return this;
        }

        /**
         * @param rule true for names that must not be decayed (default {@link NoDecayRule#DEFAULT})
         * @return this builder
         */
        public Builder noDecay(Predicate<String> rule) {
            this.noDecay = rule;
            return this;
        }

        /**
         * @param tracker the learning rate per update (a {@link LearningRateSchedule} or any DJL tracker)
         * @return this builder
         */
        public Builder learningRate(ParameterTracker tracker) {
            this.learningRate = tracker;
            return this;
        }

        /**
         * @param beta1 decay of the first moment
         * @param beta2 decay of the second moment
         * @return this builder
         */
        public Builder betas(float beta1, float beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * @param epsilon added to the bias-corrected root of the second moment
         * @return this builder
         */
        public Builder epsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * @param fused whether to use libtorch's fused kernel where it is available (default true);
         *     false always composes the update from DJL operations
         * @return this builder
         */
        public Builder fused(boolean fused) {
            this.fused = fused;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** @return the optimizer */
        public ParameterGroupAdamW build() {
            return new ParameterGroupAdamW(this);
        }
    }
}
