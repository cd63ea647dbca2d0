package io.tunestream.launcher;

import io.tunestream.schemas.TopicRegistry;
import io.tunestream.schemas.Topics;
import java.util.List;

import io.tunestream.kafka.toolkit.TopicSpec;

/**
 * The topics of DESIGN.md section 1 under a prefix (default {@value #DEFAULT_PREFIX}), as the topic registry
 * ({@link TopicSpec#pipeline}) declares them: the pipeline topics, the compacted state topics, and a {@code <topic>.dlq} for every topic a tunestream
 * stage consumes ({@code scoring.results} and {@code deployments} are read only by other systems).
 */
public final class StackTopics implements TopicCatalog {

    /** The default topic prefix. */
    public static final String DEFAULT_PREFIX = Topics.DEFAULT_PREFIX;
    /** Default partitions of pipeline topics; dead-letter topics get one. */
    public static final int DEFAULT_PARTITIONS = TopicRegistry.DEFAULT_PARTITIONS;

    private final String prefix;
    private final int partitions;

    /** The topics under {@code prefix}, pipeline topics with {@code partitions} partitions each. */
    public StackTopics(String prefix, int partitions) {
        TopicSpec.pipeline(prefix, partitions); // validates
        this.prefix = prefix;
        this.partitions = partitions;
    }

    @Override
    public String topicPrefix() {
        return prefix;
    }

    /** The default catalog: prefix {@value #DEFAULT_PREFIX}, {@value #DEFAULT_PARTITIONS} partitions. */
    public static StackTopics defaults() {
        return new StackTopics(DEFAULT_PREFIX, DEFAULT_PARTITIONS);
    }

    @Override
    public List<TopicSpec> topics() {
        return TopicSpec.pipeline(prefix, partitions);
    }
}
