package io.tunestream.registry.rest;

import io.tunestream.events.Lineage;
import io.tunestream.events.ModelVersion;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model version as the API shows it.
 *
 * @param name           model name
 * @param version        version number
 * @param aliases        aliases pointing here
 * @param status         REGISTERED or ARCHIVED
 * @param evaluationId   evaluation it was registered from
 * @param blessed        whether that evaluation blessed it
 * @param metrics        test metrics
 * @param artifactUri    stored weights (the trainer's PEFT weights), null when the evaluation carried none
 * @param artifactSha256 their SHA-256
 * @param createdAt      registration time
 * @param lineage        what it was trained on and how
 */
public record ModelVersionView(String name, int version, List<String> aliases, String status, String evaluationId,
                               boolean blessed, Map<String, Double> metrics, String artifactUri, String artifactSha256,
                               Instant createdAt, LineageView lineage) {

    /** The view of a stored version. */
    public static ModelVersionView of(ModelVersion v) {
        return new ModelVersionView(v.getName(), v.getVersion(), List.copyOf(v.getAliases()), v.getStatus().name(),
                v.getEvaluationId(), v.getBlessed(), Map.copyOf(v.getMetrics()), v.getArtifactUri(),
                v.getArtifactSha256(), v.getCreatedAt(), LineageView.of(v.getLineage()));
    }

    /**
     * Lineage of a version.
     *
     * @param datasetId       dataset
     * @param datasetVersion  its exact version
     * @param jobId           training job
     * @param baseModel       base model reference
     * @param baseModelSha256 base weights' SHA-256
     * @param tokenizerSha256 tokenizer.json's SHA-256
     * @param config          method config and hyper-parameters
     * @param seed            random seed
     * @param codeVersion     code version
     */
    public record LineageView(String datasetId, String datasetVersion, String jobId, String baseModel,
                              String baseModelSha256, String tokenizerSha256, Map<String, String> config, long seed,
                              String codeVersion) {

        static LineageView of(Lineage l) {
            return l == null ? null : new LineageView(l.getDatasetId(), l.getDatasetVersion(), l.getJobId(),
                    l.getBaseModel(), l.getBaseModelSha256(), l.getTokenizerSha256(), Map.copyOf(l.getConfig()),
                    l.getSeed(), l.getCodeVersion());
        }
    }
}
