package io.tunestream.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tunestream.ingest.domain.RejectionPolicy;
import java.time.Duration;
import java.util.Optional;

/** Settings of the ingest service ({@code tunestream.ingest.*}). */
@ConfigMapping(prefix = "tunestream.ingest")
public interface IngestConfig {

    /** Prefix of every topic name (topic = prefix + base name from {@code Topics}). */
    @WithDefault("tunestream.")
    String topicPrefix();

    /** Largest text accepted in one record, in UTF-8 bytes. */
    @WithDefault("65536")
    int maxTextBytes();

    /** Largest number of records in one dataset version. */
    @WithDefault("10000000")
    long maxRecordsPerDataset();

    /** Largest upload body, in bytes (the body is streamed, never held in memory). */
    @WithDefault("4294967296")
    long maxUploadBytes();

    /**
     * What a bad record does to an upload: {@code FAIL_UPLOAD} (the whole upload fails and nothing is
     * published) or {@code SKIP_RECORD} (it is counted by reason and skipped). A request may override it
     * with {@code ?onInvalid=fail|skip}.
     */
    @WithDefault("FAIL_UPLOAD")
    RejectionPolicy rejectionPolicy();

    /**
     * Prefix of the transactional ids of upload producers: an upload runs under {@code prefix + instanceId + "-" +
     * slot}, so a restarted instance fences (and so aborts at once) the transactions its killed predecessor left
     * open.
     */
    @WithDefault("tunestream-ingest-")
    String transactionalIdPrefix();

    /**
     * This instance's name in its upload transactional ids; it must be unique among running ingest instances and
     * the same after a restart (a StatefulSet pod name). Unset: the environment's {@code HOSTNAME}, else the host
     * name.
     */
    Optional<String> instanceId();

    /** Uploads one instance runs at once (one transactional producer each); one more answers 503 {@code NO_FREE_SLOT}. */
    @WithDefault("8")
    int uploadSlots();

    /** On shutdown, how long running uploads get to abort their transactions before their producers are closed. */
    @WithDefault("10s")
    Duration shutdownGrace();

    /**
     * Most records per batch event on the raw topic (a batch also closes at 256 KiB of text). Larger batches mean
     * fewer Kafka messages per record; each batch is one message, kept well under Kafka's 1 MB default limit.
     */
    @WithDefault("2000")
    int batchRecords();

    /** Partitions of the topics this service creates when they are missing. */
    @WithDefault("3")
    int topicPartitions();

    /** Replication factor of the topics this service creates when they are missing. */
    @WithDefault("1")
    short topicReplicationFactor();

    /** Whether to create missing topics at start-up (the embedded default needs no other setup). */
    @WithDefault("true")
    boolean createTopics();

    /** Whether to run the ingest-topic path (validate records produced to {@code datasets.ingest}). */
    @WithDefault("true")
    boolean ingestTopicEnabled();

    /** Kafka Streams application id of the ingest-topic path (its consumer group and transactional id base). */
    @WithDefault("tunestream-ingest")
    String streamsApplicationId();

    /** Kafka Streams state directory; empty means a fresh temporary directory per start. */
    Optional<String> streamsStateDir();

    /** Kafka transaction timeout of an upload: the longest an upload may take (the broker caps it, 15 min by default). */
    @WithDefault("15m")
    Duration transactionTimeout();

    /** How long an upload waits for the catalog view to catch up before answering 503. */
    @WithDefault("30s")
    Duration catalogWaitTimeout();
}
