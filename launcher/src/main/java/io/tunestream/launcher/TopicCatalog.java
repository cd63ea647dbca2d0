package io.tunestream.launcher;

import io.tunestream.schemas.Topics;
import java.util.List;

import io.tunestream.kafka.toolkit.TopicSpec;

/** The topics a stack needs, with their partitions and cleanup policies. */
public interface TopicCatalog {

    /** Every topic to create, dead-letter topics included. */
    List<TopicSpec> topics();

    /** The prefix of the topic names, which the Kafka ACLs of the stack are written for. */
    default String topicPrefix() {
        return Topics.DEFAULT_PREFIX;
    }
}
