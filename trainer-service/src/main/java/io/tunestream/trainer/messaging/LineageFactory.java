package io.tunestream.trainer.messaging;

import io.tunestream.events.Lineage;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.schemas.RecipeLineage;
import io.tunestream.trainer.domain.BaseModels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds a checkpoint's lineage: dataset version, base model and tokenizer hashes, flattened config (method,
 * hyper-parameters, task and the labels in head order, so that a registered version alone says how to rebuild
 * its model: see {@link ModelSpec#of(Lineage)}; the recipe, see {@link RecipeLineage}), seed, code version.
 */
final class LineageFactory {

    /** Lineage config key of the sweep a trial belongs to. */
    static final String SWEEP_KEY = "sweep";

    private LineageFactory() {
    }

    static Lineage of(TrainingRequest request, List<String> labels, BaseModels models, String codeVersion) {
        Map<String, String> config = new TreeMap<>();
        flatten("method.", request.getMethod(), config);
        flatten("hyperParameters.", request.getHyperParameters(), config);
        config.put(ModelSpec.TASK_KEY, request.getTask().name());
        config.put(ModelSpec.LABELS_KEY, ModelSpec.encodeLabels(labels));
        if (request.getPooling() != null) {
            // the head's pooling, when the request overrides the base model's own (the evaluator rebuilds the same)
            config.put(ModelSpec.POOLING_KEY, request.getPooling().name());
        }
        if (request.getSweepId() != null) {
            // A sweep trial: the evaluator evaluates only the sweep's best trial.
            config.put(SWEEP_KEY, request.getSweepId());
            config.put(SWEEP_KEY + ".trial", String.valueOf(request.getTrialId()));
        }
        if (request.getRecipe() != null) {
            // The recipe's promotion policy travels to the registry, its blessing overrides to the evaluator.
            RecipeLineage.write(request.getRecipe(), config);
        }
        return Lineage.newBuilder().setDatasetId(request.getDatasetId()).setDatasetVersion(request.getDatasetVersion())
                .setJobId(request.getJobId()).setBaseModel(request.getBaseModel())
                .setBaseModelSha256(models.weightsSha256(request.getBaseModel()))
                .setTokenizerSha256(models.tokenizerSha256(request.getBaseModel())).setConfig(config)
                .setSeed(request.getSeed()).setCodeVersion(codeVersion).build();
    }

    private static void flatten(String prefix, SpecificRecord record, Map<String, String> out) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value != null) {
                out.put(prefix + field.name(), String.valueOf(value));
            }
        }
    }
}
