package io.tunestream.evaluator.service;

import io.tunestream.events.Task;
import io.tunestream.model.events.TrainedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Batch scoring with registered models: resolves {@code name@alias} or {@code name@version}, keeps the most
 * recently used versions loaded (LoRA merged, so a text costs what the base model costs), and answers each text
 * with its label, score and class probabilities. One model runs at a time (scoring is CPU bound; a second
 * concurrent forward pass would only share the same cores).
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

    private final RegisteredModels models;
    private final CheckpointEvaluator.Loader loader;
    private final int batchSize;
    private final int capacity;
    private final LinkedHashMap<String, TrainedModel> loaded = new LinkedHashMap<>(4, 0.75f, true);

    /**
     * @param models registered versions
     * @param loader model loader
     * @param batchSize texts per forward pass
     * @param capacity versions kept loaded
     */
    public Scorer(RegisteredModels models, CheckpointEvaluator.Loader loader, int batchSize, int capacity) {
        this.models = models;
        this.loader = loader;
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
        RegisteredModel version = models.resolve(name, aliasOrVersion);
        TrainedModel model = model(version);
        List<float[]> rows = model.predict(items.stream().map(Item::text).toList(), batchSize);
        List<Scored> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(scored(items.get(i).id(), model, rows.get(i)));
        }
        return new ScoredBatch(name, version.version(), out);
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
        return action.apply(model(version));
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
        String key = version.name() + "@" + version.version() + "#" + version.artifactSha256();
        TrainedModel model = loaded.get(key);
        if (model == null) {
            model = loader.load(version.spec(), version.weights());
            loaded.put(key, model);
            while (loaded.size() > capacity) {
                String eldest = loaded.keySet().iterator().next();
                loaded.remove(eldest).close();
            }
        }
        return model;
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(TrainedModel::close);
        loaded.clear();
    }
}
