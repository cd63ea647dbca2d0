package io.tunestream.kafka.embedded;

import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates topics for this module's tests straight through the Admin client (the services' provisioner lives in
 * kafka-toolkit, which depends on this module's broker for its own tests).
 */
final class TestTopics {

    private TestTopics() {
    }

    static void create(String bootstrapServers, String name, int partitions, boolean compacted) {
        create(KafkaConnection.plaintext(bootstrapServers), List.of(topic(name, partitions, compacted)));
    }

    /** The pipeline's topics under {@code prefix}, one partition each, with their DLQs and registry.commands. */
    static void createPipeline(KafkaConnection connection, String prefix) {
        List<NewTopic> topics = new ArrayList<>();
        Topics.all().forEach(t -> topics.add(topic(Topics.name(prefix, t), 1, Topics.isCompacted(t))));
        Topics.consumed().forEach(t -> topics.add(topic(Topics.dlq(Topics.name(prefix, t)), 1, false)));
        create(connection, topics);
    }

    private static NewTopic topic(String name, int partitions, boolean compacted) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty())
                .configs(Map.of("cleanup.policy", compacted ? "compact" : "delete"));
    }

    private static void create(KafkaConnection connection, List<NewTopic> topics) {
        try (Admin admin = Admin.create(connection.clientProperties())) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test topics: " + e, e);
        }
    }
}
