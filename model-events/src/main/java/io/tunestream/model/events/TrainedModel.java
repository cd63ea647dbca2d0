package io.tunestream.model.events;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Pair;
import io.tunestream.events.Method;
import io.tunestream.events.Task;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.head.HeadConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fine-tuned model rebuilt for inference: the base model, the method and head of a {@link ModelSpec}, and the
 * trained tensors of a weights file written by {@code TextClassifier.saveTrainable}. LoRA is merged into the
 * base weights, so scoring costs what the base model costs. Owns its manager; close it.
 */
public final class TrainedModel implements AutoCloseable {

    private final ModelSpec spec;
    private final NDManager manager;
    private final PretrainedModel base;
    private final TextClassifier classifier;

    private TrainedModel(ModelSpec spec, NDManager manager, PretrainedModel base, TextClassifier classifier) {
        this.spec = spec;
        this.manager = manager;
        this.base = base;
        this.classifier = classifier;
    }

    /**
     * @param spec what to rebuild
     * @param weights the trainable tensors (method + head) as saved by the trainer
     * @param bases base model loader
     * @param device where to run
     * @return the model, LoRA merged
     * @throws IllegalArgumentException for a causal-LM spec (not scored by a classifier head)
     * @throws RuntimeException when the base or the weights cannot be loaded (names the file or tensor)
     */
    public static TrainedModel load(ModelSpec spec, Path weights, BaseModelReference bases, Device device) {
        if (spec.task() == Task.CAUSAL_LM) {
            throw new IllegalArgumentException("causal-LM models are not scored as classifiers");
        }
        NDManager manager = NDManager.newBaseManager(device);
        PretrainedModel base = null;
        try {
            base = bases.load(spec.baseModel(), manager, spec.maxLength());
            // the request's pooling, else the base model's declared one, as the trainer built the head (FineTuneJob)
            HeadConfig head = (spec.task() == Task.REGRESSION ? HeadConfig.regression()
                    : HeadConfig.classification(spec.labels().size()))
                    .withPooling(spec.pooling() != null ? spec.pooling() : base.pooling());
            TextClassifier classifier = TextClassifier.create(base, EventMethods.toModel(spec.method()), head,
                    manager, 0L);
            classifier.loadTrainable(weights, manager);
            if (spec.method().getType() == Method.LORA) {
                classifier.method().merge();
            }
            return new TrainedModel(spec, manager, base, classifier);
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

    /** @return the classifier (for tests and benchmarks) */
    public TextClassifier classifier() {
        return classifier;
    }

    /**
     * @param texts texts to score
     * @param batchSize texts per forward pass
     * @return per text, the class probabilities in label order (or the one regression value)
     */
    public List<float[]> predict(List<String> texts, int batchSize) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            for (float[] row : classifier.predict(batch, manager)) {
                out.add(row);
            }
        }
        return out;
    }

    /**
     * @param probabilities one row of {@link #predict}
     * @return the most probable label and its probability
     */
    public Pair<String, Float> top(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new Pair<>(spec.labels().get(best), probabilities[best]);
    }

    @Override
    public void close() {
        base.close();
        manager.close();
    }
}
