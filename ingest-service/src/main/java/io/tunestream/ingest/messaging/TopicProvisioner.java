package io.tunestream.ingest.messaging;

import io.quarkus.runtime.StartupEvent;
import io.tunestream.ingest.config.IngestConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates this service's topics when they are missing (catalog compacted), so the embedded default
 * needs no setup. In production, topics usually come from the platform (Strimzi KafkaTopic resources);
 * set {@code tunestream.ingest.create-topics=false} there.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final KafkaClients clients;
    private final IngestConfig config;

    public TopicProvisioner(KafkaClients clients, IngestConfig config) {
        this.clients = clients;
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) throws Exception {
        if (config.createTopics()) {
            ensureTopics();
        }
    }

    /** Creates the missing topics and waits for them. */
    public void ensureTopics() throws InterruptedException, ExecutionException, TimeoutException {
        TopicNames t = TopicNames.of(config);
        try (Admin admin = clients.admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(topic(t.ingest(), false), topic(t.ingestDlq(), false),
                    topic(t.raw(), false), topic(t.reports(), false), topic(t.catalog(), true)).stream()
                    .filter(n -> !existing.contains(n.name())).toList();
            if (!missing.isEmpty()) {
                createIgnoringRaces(admin, missing);
                LOG.infof("Created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        }
    }

    private NewTopic topic(String name, boolean compacted) {
        NewTopic topic = new NewTopic(name, config.topicPartitions(), config.topicReplicationFactor());
        return compacted ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                : topic;
    }

    private static void createIgnoringRaces(Admin admin, List<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
