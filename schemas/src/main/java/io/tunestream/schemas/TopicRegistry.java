package io.tunestream.schemas;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.events.JobStatus;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.ScoringRequest;
import io.tunestream.events.ScoringResult;
import io.tunestream.events.StageReport;
import io.tunestream.events.SweepState;
import io.tunestream.events.TrainingMetric;
import io.tunestream.events.TrainingRecipe;
import io.tunestream.events.TrainingRequest;
import io.tunestream.schemas.TopicDefinition.Cleanup;
import java.util.List;
import java.util.Optional;

/**
 * The typed topic registry: every topic of DESIGN.md section 1 with its key and value types, cleanup policy,
 * default partitions and dead-letter topic, in one list. {@link Topics} keeps the base names as constants (for
 * annotations and switch labels); the lists it answers ({@link Topics#all()}, {@link Topics#consumed()}, what is
 * compacted) come from here, and so do the topics the launcher, the tests and the services create.
 */
public final class TopicRegistry {

    /** Partitions of a pipeline topic unless configured otherwise. */
    public static final int DEFAULT_PARTITIONS = 3;

    /** Records produced by other systems, validated by ingest. */
    public static final TopicDefinition<DatasetEvent> DATASETS_INGEST = stream(Topics.DATASETS_INGEST, DatasetEvent.class);
    /** Ingested dataset versions (records + seal). */
    public static final TopicDefinition<DatasetEvent> DATASETS_RAW = stream(Topics.DATASETS_RAW, DatasetEvent.class);
    /** Cleaned, deduplicated, balanced dataset versions. */
    public static final TopicDefinition<DatasetEvent> DATASETS_CLEAN = stream(Topics.DATASETS_CLEAN, DatasetEvent.class);
    /** Split dataset versions. */
    public static final TopicDefinition<DatasetEvent> DATASETS_SPLIT = stream(Topics.DATASETS_SPLIT, DatasetEvent.class);
    /** Prepared dataset versions: what the trainer reads. */
    public static final TopicDefinition<DatasetEvent> DATASETS_PREPARED = stream(Topics.DATASETS_PREPARED,
            DatasetEvent.class);
    /** Stage reports of every data stage. */
    public static final TopicDefinition<StageReport> DATASETS_REPORTS = stream(Topics.DATASETS_REPORTS, StageReport.class);
    /** Seal per sealed version at ingest (compacted). */
    public static final TopicDefinition<DatasetEvent> DATASETS_CATALOG = state(Topics.DATASETS_CATALOG, DatasetEvent.class);
    /**
     * Where each sealed version lies on each dataset topic (compacted; no DLQ: a reader that cannot decode an entry
     * falls back to scanning the dataset topic).
     */
    public static final TopicDefinition<DatasetIndexEntry> DATASETS_INDEX = new TopicDefinition<>(Topics.DATASETS_INDEX,
            String.class, DatasetIndexEntry.class, Cleanup.COMPACT, DEFAULT_PARTITIONS, false);
    /** Training requests. */
    public static final TopicDefinition<TrainingRequest> TRAINING_REQUESTS = stream(Topics.TRAINING_REQUESTS,
            TrainingRequest.class);
    /** Latest status per job id (compacted). */
    public static final TopicDefinition<JobStatus> TRAINING_JOBS = state(Topics.TRAINING_JOBS, JobStatus.class);
    /** Metrics of every job. */
    public static final TopicDefinition<TrainingMetric> TRAINING_METRICS = stream(Topics.TRAINING_METRICS,
            TrainingMetric.class);
    /** Checkpoints. */
    public static final TopicDefinition<Checkpoint> TRAINING_CHECKPOINTS = stream(Topics.TRAINING_CHECKPOINTS,
            Checkpoint.class);
    /** Latest state per sweep id (compacted). */
    public static final TopicDefinition<SweepState> SWEEPS = state(Topics.SWEEPS, SweepState.class);
    /** Training recipes, one entry per recipe version (compacted). */
    public static final TopicDefinition<TrainingRecipe> TRAINING_RECIPES = state(Topics.TRAINING_RECIPES,
            TrainingRecipe.class);
    /** Evaluation results. */
    public static final TopicDefinition<Evaluation> EVALUATIONS = stream(Topics.EVALUATIONS, Evaluation.class);
    /** Batch scoring requests. */
    public static final TopicDefinition<ScoringRequest> SCORING_REQUESTS = stream(Topics.SCORING_REQUESTS,
            ScoringRequest.class);
    /** Batch scoring results (read outside tunestream only: no DLQ). */
    public static final TopicDefinition<ScoringResult> SCORING_RESULTS = new TopicDefinition<>(Topics.SCORING_RESULTS,
            String.class, ScoringResult.class, Cleanup.DELETE, DEFAULT_PARTITIONS, false);
    /**
     * The registry's input log, keyed by model name: evaluations re-keyed and API commands (JSON), told apart by the
     * {@code tunestream.registry.kind} header, so its values are raw bytes.
     */
    public static final TopicDefinition<byte[]> REGISTRY_COMMANDS = stream(Topics.REGISTRY_COMMANDS, byte[].class);
    /** Registry state, one entry per model version (compacted). */
    public static final TopicDefinition<ModelVersion> MODELS = state(Topics.MODELS, ModelVersion.class);
    /** Promote / rollback / archive events (read outside tunestream only: no DLQ). */
    public static final TopicDefinition<DeploymentEvent> DEPLOYMENTS = new TopicDefinition<>(Topics.DEPLOYMENTS,
            String.class, DeploymentEvent.class, Cleanup.DELETE, DEFAULT_PARTITIONS, false);

    /**
     * Every event schema a tunestream process writes with, keyed by its CRC-64-AVRO fingerprint (16 hex digits), the
     * schema's JSON as value (compacted, one partition, no DLQ: readers skip entries they cannot verify).
     */
    public static final TopicDefinition<byte[]> SCHEMAS = new TopicDefinition<>(Topics.SCHEMAS, String.class,
            byte[].class, Cleanup.COMPACT, 1, false);

    private static final List<TopicDefinition<?>> ALL = List.of(DATASETS_INGEST, DATASETS_RAW, DATASETS_CLEAN,
            DATASETS_SPLIT, DATASETS_PREPARED, DATASETS_REPORTS, DATASETS_CATALOG, DATASETS_INDEX, TRAINING_REQUESTS,
            TRAINING_JOBS, TRAINING_METRICS, TRAINING_CHECKPOINTS, SWEEPS, EVALUATIONS, SCORING_REQUESTS,
            SCORING_RESULTS, MODELS, DEPLOYMENTS, TRAINING_RECIPES, REGISTRY_COMMANDS, SCHEMAS);

    private TopicRegistry() {
    }

    /** @return every topic, dead-letter topics excluded, in a stable order */
    public static List<TopicDefinition<?>> all() {
        return ALL;
    }

    /** @return the definition of a base name, if it is one of tunestream's topics */
    public static Optional<TopicDefinition<?>> find(String base) {
        return ALL.stream().filter(t -> t.base().equals(base)).findFirst();
    }

    /** @return the definition of a base name; an unknown name is a programming error */
    public static TopicDefinition<?> of(String base) {
        return find(base).orElseThrow(() -> new IllegalArgumentException("unknown topic '" + base + "'"));
    }

    private static <V> TopicDefinition<V> stream(String base, Class<V> type) {
        return new TopicDefinition<>(base, String.class, type, Cleanup.DELETE, DEFAULT_PARTITIONS, true);
    }

    private static <V> TopicDefinition<V> state(String base, Class<V> type) {
        return new TopicDefinition<>(base, String.class, type, Cleanup.COMPACT, DEFAULT_PARTITIONS, true);
    }
}
