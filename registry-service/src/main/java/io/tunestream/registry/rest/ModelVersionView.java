package io.tunestream.registry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tunestream.events.Lineage;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.StageReport;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
     * @param stageReports    what each data stage did to the dataset version (only on the lineage endpoint)
     */
    public record LineageView(String datasetId, String datasetVersion, String jobId, String baseModel,
                              String baseModelSha256, String tokenizerSha256, Map<String, String> config, long seed,
                              String codeVersion,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<StageReportView> stageReports) {

        static LineageView of(Lineage l) {
            return l == null ? null : new LineageView(l.getDatasetId(), l.getDatasetVersion(), l.getJobId(),
                    l.getBaseModel(), l.getBaseModelSha256(), l.getTokenizerSha256(), Map.copyOf(l.getConfig()),
                    l.getSeed(), l.getCodeVersion(), null);
        }

        /** The same lineage with the dataset version's stage reports. */
        LineageView withStageReports(List<StageReport> reports) {
            return new LineageView(datasetId, datasetVersion, jobId, baseModel, baseModelSha256, tokenizerSha256,
                    config, seed, codeVersion, reports.stream().map(StageReportView::of).toList());
        }
    }

    /**
     * A data stage's report on the dataset version (accounting: recordsIn = recordsOut - generated + dropped +
     * deadLettered).
     *
     * @param stage        ingest, clean, split or augment
     * @param status       COMPLETED or REJECTED
     * @param recordsIn    records received
     * @param recordsOut   records written (generated ones included)
     * @param generated    records the stage created (augmentation, oversampling)
     * @param dropped      records dropped, by reason
     * @param deadLettered records sent to the stage's dead-letter topic
     * @param labelsIn     label histogram in
     * @param labelsOut    label histogram out
     * @param config       settings the stage applied
     * @param message      why it was rejected, or notes
     * @param producedAt   when the report was produced
     */
    public record StageReportView(String stage, String status, long recordsIn, long recordsOut, long generated,
                                  Map<String, Long> dropped, long deadLettered, Map<String, Long> labelsIn,
                                  Map<String, Long> labelsOut, Map<String, String> config, String message,
                                  Instant producedAt) {

        static StageReportView of(StageReport r) {
            return new StageReportView(r.getStage(), r.getStatus().name(), r.getRecordsIn(), r.getRecordsOut(),
                    r.getGenerated(), new TreeMap<>(r.getDropped()), r.getDeadLettered(), new TreeMap<>(r.getLabelsIn()),
                    new TreeMap<>(r.getLabelsOut()), new TreeMap<>(r.getConfig()), r.getMessage(), r.getProducedAt());
        }
    }
}
