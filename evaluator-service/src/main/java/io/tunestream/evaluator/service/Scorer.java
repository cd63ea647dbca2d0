package io.tunestream.evaluator.service;

import io.tunestream.events.Task;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.TrainedLanguageModel;
import io.tunestream.model.events.TrainedModel;
import io.tunestream.model.generate.Generation;
import io.tunestream.model.generate.GenerationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Batch scoring and generation with registered models: resolves {@code name@alias} or {@code name@version}, keeps
 * the most recently used versions loaded (LoRA merged, so a text costs what the base model costs), and answers
 * each text of a classifier or regressor with its label, score and class probabilities, and each prompt of a
 * causal language model with its continuation. A version asked for the other kind of answer is refused with a
 * {@link WrongTaskException}. One model runs at a time (scoring is CPU bound; a second concurrent forward pass
 * would only share the same cores).
 */
public final class Scorer implements AutoCloseable {

    /**
     * One scored text.
     *
     * @param id the caller's id
     * @param label predicted label (null for regression)
     * @param score probability of that label, or the regression value
     * @param probabilities per label (empty for regression)
     */
    public record Scored(String id, String label, double score, Map<String, Double> probabilities) {
    }

    /**
     * A scored batch.
     *
     * @param modelName model name
     * @param version the version actually used
     * @param results one per item, in order
     */
    public record ScoredBatch(String modelName, int version, List<Scored> results) {
    }

    /**
     * A text to score.
     *
     * @param id the caller's id
     * @param text the text
     */
    public record Item(String id, String text) {
    }

    /**
     * Prompts continued by a causal language model.
     *
     * @param modelName model name
     * @param version the version actually used
     * @param generations one per prompt, in order
     */
    public record GeneratedBatch(String modelName, int version, List<Generation> generations) {
    }

    /** Rebuilds a causal language model version for generation. */
    @FunctionalInterface
    public interface LanguageModelLoader {
        /** @return the model, LoRA merged */
        TrainedLanguageModel load(ModelSpec spec, Path weights);
    }

    private final RegisteredModels models;
    private final CheckpointEvaluator.Loader loader;
    private final LanguageModelLoader languageModels;
    private final int batchSize;
    private final int capacity;
    /** Loaded classifiers and language models, least recently used first. */
    private final LinkedHashMap<String, AutoCloseable> loaded = new LinkedHashMap<>(4, 0.75f, true);

    /**
     * @param models registered versions
     * @param loader classifier and regressor loader
     * @param languageModels causal language model loader
     * @param batchSize texts (or prompts) per forward pass
     * @param capacity versions kept loaded
     */
    public Scorer(RegisteredModels models, CheckpointEvaluator.Loader loader, LanguageModelLoader languageModels,
            int batchSize, int capacity) {
        this.models = models;
        this.loader = loader;
        this.languageModels = languageModels;
        this.batchSize = batchSize;
        this.capacity = Math.max(1, capacity);
    }

    /**
     * @return the scored batch
     * @throws UnknownModelException unknown name, alias or version
     * @throws IllegalArgumentException an empty batch
     */
    public synchronized ScoredBatch score(String name, String aliasOrVersion, List<Item> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to score: the request has no items");
        }
        return score(models.resolve(name, aliasOrVersion), items);
    }

    /**
     * @param version a resolved version
     * @param items texts to score
     * @return the scored batch
     * @throws WrongTaskException when the version is a causal language model
     */
    public synchronized ScoredBatch score(RegisteredModel version, List<Item> items) {
        String name = version.name();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to score: the request has no items");
        }
        if (version.spec().task() == Task.CAUSAL_LM) {
            throw new WrongTaskException(name + " v" + version.version() + " is a causal language model: it "
                    + "generates text (POST /api/generate), it does not score");
        }
        TrainedModel model = model(version);
        List<float[]> rows = model.predict(items.stream().map(Item::text).toList(), batchSize);
        List<Scored> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(scored(items.get(i).id(), model, rows.get(i)));
        }
        return new ScoredBatch(name, version.version(), out);
    }

    /**
     * Continues each prompt with a registered causal language model.
     *
     * @return the continuations, in order
     * @throws UnknownModelException unknown name, alias or version
     * @throws WrongTaskException when the version is not a causal language model
     * @throws IllegalArgumentException no prompts
     */
    public synchronized GeneratedBatch generate(String name, String aliasOrVersion, List<String> prompts,
            GenerationSettings settings) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("nothing to generate: the request has no prompts");
        }
        return generate(models.resolve(name, aliasOrVersion), prompts, settings);
    }

    /**
     * @param version a resolved version
     * @param prompts texts to continue
     * @param settings decoding settings
     * @return the continuations, in order
     * @throws WrongTaskException when the version is not a causal language model
     */
    public synchronized GeneratedBatch generate(RegisteredModel version, List<String> prompts,
            GenerationSettings settings) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("nothing to generate: the request has no prompts");
        }
        TrainedLanguageModel model = languageModel(version);
        return new GeneratedBatch(version.name(), version.version(), model.generate(prompts, settings, batchSize));
    }

    /**
     * @return the registered version {@code name@aliasOrVersion}, its weights verified
     * @throws UnknownModelException unknown name, alias or version
     */
    public RegisteredModel resolve(String name, String aliasOrVersion) {
        return models.resolve(name, aliasOrVersion);
    }

    /**
     * Runs {@code action} on a version's loaded model (from the cache of loaded versions; LoRA merged), under the
     * scorer's lock, so nothing scores with it meanwhile.
     *
     * @return what the action returns
     */
    public synchronized <T> T withModel(RegisteredModel version, Function<TrainedModel, T> action) {
        if (version.spec().task() == Task.CAUSAL_LM) {
            throw new WrongTaskException(version.name() + " v" + version.version() + " is a causal language model, "
                    + "not a classifier");
        }
        return action.apply(model(version));
    }

    /**
     * As {@link #withModel}, for a causal language model version (LoRA merged).
     *
     * @throws WrongTaskException when the version is not a causal language model
     */
    public synchronized <T> T withLanguageModel(RegisteredModel version, Function<TrainedLanguageModel, T> action) {
        return action.apply(languageModel(version));
    }

    private static Scored scored(String id, TrainedModel model, float[] row) {
        if (model.spec().task() == Task.REGRESSION) {
            return new Scored(id, null, row[0], Map.of());
        }
        Map<String, Double> probabilities = new LinkedHashMap<>();
        List<String> labels = model.spec().labels();
        int best = 0;
        for (int k = 0; k < row.length; k++) {
            probabilities.put(labels.get(k), (double) row[k]);
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return new Scored(id, labels.get(best), row[best], probabilities);
    }

    private TrainedModel model(RegisteredModel version) {
        return (TrainedModel) cached(version, () -> loader.load(version.spec(), version.weights()));
    }

    private TrainedLanguageModel languageModel(RegisteredModel version) {
        if (version.spec().task() != Task.CAUSAL_LM) {
            throw new WrongTaskException(version.name() + " v" + version.version() + " is a "
                    + version.spec().task() + " model: it scores texts (POST /api/score), it does not generate");
        }
        return (TrainedLanguageModel) cached(version, () -> languageModels.load(version.spec(), version.weights()));
    }

    private AutoCloseable cached(RegisteredModel version, Supplier<AutoCloseable> load) {
        String key = version.name() + "@" + version.version() + "#" + version.artifactSha256();
        AutoCloseable model = loaded.get(key);
        if (model == null) {
            model = load.get();
            loaded.put(key, model);
            while (loaded.size() > capacity) {
                String eldest = loaded.keySet().iterator().next();
                closeQuietly(loaded.remove(eldest));
            }
        }
        return model;
    }

    private static void closeQuietly(AutoCloseable model) {
        try {
            model.close();
        } catch (Exception e) {
            // TrainedModel and TrainedLanguageModel only free native memory; nothing to report
        }
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(Scorer::closeQuietly);
        loaded.clear();
    }
}
