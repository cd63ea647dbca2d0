package io.tunestream.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the trainer service ({@code tunestream.trainer.*}). */
@ConfigMapping(prefix = "tunestream.trainer")
public interface TrainerConfig {

    /** Prefix of every topic name (topic = prefix + base name from {@code Topics}). */
    @WithDefault("tunestream.")
    String topicPrefix();

    /** Whether this instance consumes training requests (false: REST and status view only). */
    @WithDefault("true")
    boolean workerEnabled();

    /** Consumer group of the workers: all trainer pods share it, so N pods run N jobs in parallel. */
    @WithDefault("tunestream-trainer")
    String groupId();

    /** When true, a worker without a CUDA device reports NOT ready and takes no jobs. */
    @WithDefault("false")
    boolean requireGpu();

    /** Directory of the artifact store for full fine-tuning weights (claim check); default ~/.cache/tunestream/artifacts. */
    Optional<String> artifactDir();

    /** Directory for a running job's checkpoint files; default a temporary directory. */
    Optional<String> workDir();

    /** A training metric point every N optimizer steps (evaluation points come on top). */
    @WithDefault("10")
    int metricsEverySteps();

    /** A RUNNING status with progress every N optimizer steps. */
    @WithDefault("5")
    int progressEverySteps();

    /** Largest inline checkpoint chunk in bytes; bigger PEFT weights are split (broker limit is 1 MiB by default). */
    @WithDefault("900000")
    int inlineChunkBytes();

    /** How long the worker waits for a dataset version's seal before failing the job (unknown or incomplete dataset). */
    @WithDefault("30s")
    Duration datasetWaitTimeout();

    /** Whether to create missing topics at start-up (the embedded default needs no other setup). */
    @WithDefault("true")
    boolean createTopics();

    /** Partitions of the topics this service creates when they are missing. */
    @WithDefault("3")
    int topicPartitions();

    /** Replication factor of the topics this service creates when they are missing. */
    @WithDefault("1")
    short topicReplicationFactor();

    /**
     * Session timeout of the workers' consumer group: how long the group waits before a crashed worker's job is
     * given to another worker (who resumes it from its last checkpoint).
     */
    @WithDefault("45s")
    Duration sessionTimeout();

    /** Whether this instance takes part in driving hyper-parameter sweeps (one active controller per sweep). */
    @WithDefault("true")
    boolean sweepsEnabled();

    /**
     * Whether this instance runs a recipe trigger: prepared seals that name a recipe (or whose dataset a recipe
     * follows) start a training job or sweep. Instances share one consumer group, so each seal is judged once.
     */
    @WithDefault("true")
    boolean recipesEnabled();

    /** Code version written into every checkpoint's lineage; default the jar's implementation version or "dev". */
    Optional<String> codeVersion();

    /** Id of this worker in job statuses; default host name and process id. */
    Optional<String> workerId();
}
