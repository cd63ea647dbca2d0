package io.tunestream.ingest.messaging;

import io.quarkus.runtime.StartupEvent;
import io.tunestream.ingest.config.IngestConfig;
import io.tunestream.kafka.toolkit.TopicProvisioner;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.schemas.TopicRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Creates this service's topics when they are missing (as the topic registry declares them: catalog compacted, the
 * ingest topic's DLQ), so the embedded default needs no setup. In production, topics usually come from the platform
 * (Strimzi KafkaTopic resources); set {@code tunestream.ingest.create-topics=false} there.
 */
@ApplicationScoped
public class IngestTopicSetup {

    private static final Logger LOG = Logger.getLogger(IngestTopicSetup.class);

    private final KafkaClients clients;
    private final IngestConfig config;

    public IngestTopicSetup(KafkaClients clients, IngestConfig config) {
        this.clients = clients;
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (config.createTopics()) {
            ensureTopics();
        }
    }

    /** Creates the missing topics and waits for them. */
    public void ensureTopics() {
        String prefix = config.topicPrefix();
        int partitions = config.topicPartitions();
        List<TopicSpec> topics = new ArrayList<>(TopicSpec.withDlq(TopicRegistry.DATASETS_INGEST, prefix, partitions));
        topics.add(TopicSpec.of(TopicRegistry.DATASETS_RAW, prefix, partitions));
        topics.add(TopicSpec.of(TopicRegistry.DATASETS_REPORTS, prefix, partitions));
        topics.add(TopicSpec.of(TopicRegistry.DATASETS_CATALOG, prefix, partitions));
        try (Admin admin = clients.admin()) {
            Set<String> created = TopicProvisioner.ensureTopics(admin, topics,
                    Optional.of(config.topicReplicationFactor()));
            if (!created.isEmpty()) {
                LOG.infof("Created topics %s", created);
            }
        }
    }
}
