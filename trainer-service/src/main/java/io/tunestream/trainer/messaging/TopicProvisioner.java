package io.tunestream.trainer.messaging;

import io.tunestream.trainer.config.TrainerConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the trainer's topics when missing (training.jobs, training.sweeps and training.recipes compacted), so
 * the embedded default needs no setup; set {@code tunestream.trainer.create-topics=false} where the platform owns topics (Strimzi).
 */
final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    static void ensureTopics(TrainerKafka kafka, TrainerConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicNames t = TopicNames.of(config.topicPrefix());
        try (Admin admin = kafka.admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(topic(config, t.requests(), false), topic(config, t.requestsDlq(), false),
                    topic(config, t.prepared(), false), topic(config, t.jobs(), true), topic(config, t.metrics(), false),
                    topic(config, t.checkpoints(), false),
                    topic(config, io.tunestream.schemas.Topics.name(config.topicPrefix(),
                            io.tunestream.schemas.Topics.SWEEPS), true),
                    topic(config, RecipeTopics.of(config.topicPrefix()).recipes(), true),
                    topic(config, RecipeTopics.of(config.topicPrefix()).reports(), false)).stream().filter(n -> !existing.contains(n.name())).toList();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            if (!missing.isEmpty()) {
                LOG.infof("Created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        }
    }

    private static NewTopic topic(TrainerConfig config, String name, boolean compacted) {
        NewTopic topic = new NewTopic(name, config.topicPartitions(), config.topicReplicationFactor());
        return compacted ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                : topic;
    }
}
