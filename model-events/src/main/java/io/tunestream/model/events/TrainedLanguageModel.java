package io.tunestream.model.events;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.tunestream.events.Method;
import io.tunestream.events.Task;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.LmExample;
import io.tunestream.model.LmBatch;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.TokenScores;
import io.tunestream.model.generate.Generation;
import io.tunestream.model.generate.GenerationSettings;
import io.tunestream.model.peft.MethodConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fine-tuned causal language model rebuilt for inference: the base decoder and method of a {@link
 * ModelSpec} with the trained tensors of a weights file written by {@code CausalLanguageModel.saveTrainable}
 * (or none: the base model itself). LoRA is merged into the base weights. Owns its manager; close it.
 */
public final class TrainedLanguageModel implements AutoCloseable {

    private final ModelSpec spec;
    private final NDManager manager;
    private final PretrainedModel base;
    private final CausalLanguageModel model;

    private TrainedLanguageModel(ModelSpec spec, NDManager manager, PretrainedModel base, CausalLanguageModel model) {
        this.spec = spec;
        this.manager = manager;
        this.base = base;
        this.model = model;
    }

    /**
     * @param spec what to rebuild (task CAUSAL_LM)
     * @param weights the trainable tensors as saved by the trainer, or null for the untuned base model
     * @param bases base model loader
     * @param device where to run
     * @return the model, LoRA merged
     * @throws IllegalArgumentException for a spec of another task, or a base that is not a decoder
     * @throws RuntimeException when the base or the weights cannot be loaded (names the file or tensor)
     */
    public static TrainedLanguageModel load(ModelSpec spec, Path weights, BaseModelReference bases, Device device) {
        if (spec.task() != Task.CAUSAL_LM) {
            throw new IllegalArgumentException("a " + spec.task() + " model is not a causal language model");
        }
        NDManager manager = NDManager.newBaseManager(device);
        PretrainedModel base = null;
        try {
            base = bases.load(spec.baseModel(), manager, spec.maxLength());
            CausalLanguageModel model = CausalLanguageModel.create(base,
                    weights == null ? new MethodConfig.FullFineTuning(false)
                            : EventMethods.toModel(spec.method()), manager, 0L);
            if (weights != null) {
                model.loadTrainable(weights, manager);
                if (spec.method().getType() == Method.LORA) {
                    model.method().merge();
                }
            }
            return new TrainedLanguageModel(spec, manager, base, model);
        } catch (RuntimeException | Error e) {
            if (base != null) {
                base.close();
            }
            manager.close();
            throw e;
        }
    }

    /** @return the spec it was built from */
    public ModelSpec spec() {
        return spec;
    }

    /** @return the model (for exports, tests and benchmarks) */
    public CausalLanguageModel model() {
        return model;
    }

    /**
     * @param examples prompts and completions
     * @param batchSize examples per forward pass
     * @return per example: summed loss, target tokens and argmax hits of its completion
     */
    public TokenScores score(List<LmExample> examples, int batchSize) {
        int n = examples.size();
        double[] loss = new double[n];
        int[] tokens = new int[n];
        int[] correct = new int[n];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDManager step = manager.newSubManager()) {
                LmBatch batch = model.encode(examples.subList(from, to), step);
                TokenScores part = model.score(batch);
                System.arraycopy(part.lossSum(), 0, loss, from, to - from);
                System.arraycopy(part.tokens(), 0, tokens, from, to - from);
                System.arraycopy(part.correct(), 0, correct, from, to - from);
            }
        }
        return new TokenScores(loss, tokens, correct);
    }

    /**
     * @param prompts texts to continue
     * @param settings decoding settings
     * @param batchSize prompts per generation batch
     * @return one generation per prompt, in order
     */
    public List<Generation> generate(List<String> prompts, GenerationSettings settings, int batchSize) {
        List<Generation> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += batchSize) {
            try (NDManager step = manager.newSubManager()) {
                out.addAll(model.generate(prompts.subList(from, Math.min(prompts.size(), from + batchSize)), settings,
                        step));
            }
        }
        return out;
    }

    @Override
    public void close() {
        base.close();
        manager.close();
    }
}
