package io.tunestream.launcher;

import io.tunestream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tunestream.kafka.embedded.TopicSpec;

/**
 * The topics of DESIGN.md section 1 under a prefix (default {@value #DEFAULT_PREFIX}), as {@link Topics} names
 * them: the pipeline topics, the compacted state topics, and a {@code <topic>.dlq} for every topic a tunestream
 * stage consumes ({@code scoring.results} and {@code deployments} are read only by other systems).
 */
public final class StackTopics implements TopicCatalog {

    /** The default topic prefix. */
    public static final String DEFAULT_PREFIX = Topics.DEFAULT_PREFIX;
    /** Default partitions of pipeline topics; dead-letter topics get one. */
    public static final int DEFAULT_PARTITIONS = 3;

    private final String prefix;
    private final int partitions;

    /** The topics under {@code prefix}, pipeline topics with {@code partitions} partitions each. */
    public StackTopics(String prefix, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1");
        }
        this.prefix = prefix == null ? "" : prefix;
        this.partitions = partitions;
    }

    /** The default catalog: prefix {@value #DEFAULT_PREFIX}, {@value #DEFAULT_PARTITIONS} partitions. */
    public static StackTopics defaults() {
        return new StackTopics(DEFAULT_PREFIX, DEFAULT_PARTITIONS);
    }

    @Override
    public List<TopicSpec> topics() {
        List<TopicSpec> topics = new ArrayList<>();
        for (String name : Topics.all()) {
            topics.add(new TopicSpec(prefix + name, partitions, Topics.isCompacted(name), Map.of()));
        }
        for (String name : Topics.consumed()) {
            topics.add(TopicSpec.of(Topics.dlq(prefix + name), 1));
        }
        return List.copyOf(topics);
    }
}
