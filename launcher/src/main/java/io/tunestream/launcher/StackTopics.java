package io.tunestream.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tunestream.kafka.embedded.TopicSpec;

/**
 * The topics of DESIGN.md section 1 under a prefix (default {@value #DEFAULT_PREFIX}): the pipeline topics, the two
 * compacted state topics ({@code training.jobs}, {@code models}) and a {@code <topic>.dlq} for every topic a
 * tunestream stage consumes. {@code scoring.results} and {@code deployments} are read only by other systems, so
 * they have no dead-letter topic.
 */
public final class StackTopics implements TopicCatalog {

    /** The default topic prefix. */
    public static final String DEFAULT_PREFIX = "tunestream.";
    /** Default partitions of pipeline topics; dead-letter topics get one. */
    public static final int DEFAULT_PARTITIONS = 3;

    /** Topic names (without prefix) in pipeline order. */
    static final List<String> NAMES = List.of(
            "datasets.ingest", "datasets.raw", "datasets.clean", "datasets.split", "datasets.prepared",
            "datasets.reports", "training.requests", "training.jobs", "training.metrics", "training.checkpoints",
            "evaluations", "scoring.requests", "scoring.results", "models", "deployments");
    static final Set<String> COMPACTED = Set.of("training.jobs", "models");
    static final Set<String> READ_ONLY_OUTSIDE = Set.of("scoring.results", "deployments");

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
        for (String name : NAMES) {
            topics.add(new TopicSpec(prefix + name, partitions, COMPACTED.contains(name), Map.of()));
        }
        for (String name : NAMES) {
            if (!READ_ONLY_OUTSIDE.contains(name)) {
                topics.add(TopicSpec.of(prefix + name + ".dlq", 1));
            }
        }
        return List.copyOf(topics);
    }
}
