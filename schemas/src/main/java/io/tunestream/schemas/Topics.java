package io.tunestream.schemas;

import java.util.List;

/**
 * The one place where tunestream's topic names live. Every name is a dotted lower-case noun under a
 * configurable prefix ({@link #DEFAULT_PREFIX} unless configured); {@link #name(String, String)} joins them. The
 * types, cleanup policy, partitions and DLQ of each topic are declared in {@link TopicRegistry}.
 */
public final class Topics {

    /** Prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "tunestream.";

    /** Records produced by other systems, validated by ingest. */
    public static final String DATASETS_INGEST = "datasets.ingest";
    /** Ingested dataset versions (records + seal). */
    public static final String DATASETS_RAW = "datasets.raw";
    /** Cleaned, deduplicated, balanced dataset versions. */
    public static final String DATASETS_CLEAN = "datasets.clean";
    /** Split dataset versions (every record carries its split). */
    public static final String DATASETS_SPLIT = "datasets.split";
    /** Prepared dataset versions (train split augmented): what the trainer reads. */
    public static final String DATASETS_PREPARED = "datasets.prepared";
    /** Stage reports of every data stage. */
    public static final String DATASETS_REPORTS = "datasets.reports";
    /** Compacted: one entry per sealed dataset version at ingest (key: dataset key, value: its seal event). */
    public static final String DATASETS_CATALOG = "datasets.catalog";
    /**
     * Compacted: where each sealed dataset version lies on each dataset topic (key {@code <topic>|<dataset>@<version>},
     * value a {@code DatasetIndexEntry}), so readers seek to a version instead of scanning its partition.
     */
    public static final String DATASETS_INDEX = "datasets.index";
    /** Training requests (REST, CLI, sweeps, recipes). */
    public static final String TRAINING_REQUESTS = "training.requests";
    /** Compacted: latest status per job id. */
    public static final String TRAINING_JOBS = "training.jobs";
    /** Metrics stream of every job. */
    public static final String TRAINING_METRICS = "training.metrics";
    /** Checkpoints (inline PEFT weights or artifact URI). */
    public static final String TRAINING_CHECKPOINTS = "training.checkpoints";
    /** Compacted: latest state per sweep id (request, trials, scheduler history), read back by the sweep controller. */
    public static final String SWEEPS = "training.sweeps";
    /** Compacted: training recipes, one entry per recipe version (key {@code name@version}). */
    public static final String TRAINING_RECIPES = "training.recipes";
    /** Evaluation results with A/B comparison and blessing. */
    public static final String EVALUATIONS = "evaluations";
    /** Batch scoring requests. */
    public static final String SCORING_REQUESTS = "scoring.requests";
    /** Batch scoring results. */
    public static final String SCORING_RESULTS = "scoring.results";
    /** Compacted: registry state, one entry per model version. */
    public static final String MODELS = "models";
    /** Promote / rollback / archive events for Kubernetes operators and other systems. */
    public static final String DEPLOYMENTS = "deployments";
    /**
     * Every event schema a tunestream process has written with, keyed by its CRC-64-AVRO fingerprint (compacted):
     * how an older reader resolves a newer writer's single-object encoding without a registry.
     */
    public static final String SCHEMAS = "schemas";
    /** The registry's input log: evaluations re-keyed by model name and API commands. */
    public static final String REGISTRY_COMMANDS = "registry.commands";

    /** Suffix of a topic's dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** Full topic name: {@code prefix + base}; a null prefix means {@link #DEFAULT_PREFIX}. */
    public static String name(String prefix, String base) {
        return (prefix == null ? DEFAULT_PREFIX : prefix) + base;
    }

    /** Dead-letter topic of a (full) topic name. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** Every base topic name, dead-letter topics excluded. */
    public static List<String> all() {
        return TopicRegistry.all().stream().map(TopicDefinition::base).toList();
    }

    /** Whether a base topic keeps only the latest value per key (cleanup.policy=compact). */
    public static boolean isCompacted(String base) {
        return TopicRegistry.find(base).map(TopicDefinition::compacted).orElse(false);
    }

    /** Base topics read by some tunestream stage, each of which has a dead-letter topic. */
    public static List<String> consumed() {
        return TopicRegistry.all().stream().filter(TopicDefinition::hasDlq).map(TopicDefinition::base).toList();
    }
}
