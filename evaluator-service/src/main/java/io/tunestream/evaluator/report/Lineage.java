package io.tunestream.evaluator.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a model version comes from: the exact data, job, base model, method and settings.
 *
 * @param datasetId dataset id
 * @param datasetVersion dataset version
 * @param jobId training job id
 * @param baseModel base model reference
 * @param method fine-tuning method (LoRA, Adapter, Prompt Tuning, full)
 * @param methodConfig the method's settings (rank, alpha, target modules, ...)
 * @param hyperParameters training hyper-parameters (learning rate, batch size, epochs, ...)
 * @param seed the training seed
 */
public record Lineage(
        String datasetId,
        String datasetVersion,
        String jobId,
        String baseModel,
        String method,
        Map<String, String> methodConfig,
        Map<String, String> hyperParameters,
        long seed) {

    /** Copies the maps, sorted by key so reports list settings in a stable order. */
    public Lineage {
        methodConfig = Map.copyOf(new TreeMap<>(methodConfig));
        hyperParameters = Map.copyOf(new TreeMap<>(hyperParameters));
    }
}
