package io.tunestream.kafka.embedded;

import io.tunestream.schemas.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topics of the whole pipeline as {@link Topics} names them: every topic under a prefix (compacted where the
 * design says so) and a one-partition {@code <topic>.dlq} for every topic a tunestream stage consumes.
 */
public final class PipelineTopics {

    private PipelineTopics() {
    }

    /** The pipeline's topics under {@code prefix}, {@code partitions} partitions each (DLQs get one). */
    public static List<TopicSpec> specs(String prefix, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1");
        }
        String p = prefix == null ? "" : prefix;
        List<TopicSpec> topics = new ArrayList<>();
        for (String name : Topics.all()) {
            topics.add(new TopicSpec(p + name, partitions, Topics.isCompacted(name), Map.of()));
        }
        for (String name : Topics.consumed()) {
            topics.add(TopicSpec.of(Topics.dlq(p + name), 1));
        }
        return List.copyOf(topics);
    }
}
