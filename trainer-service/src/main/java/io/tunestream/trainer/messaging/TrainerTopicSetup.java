package io.tunestream.trainer.messaging;

import io.tunestream.kafka.toolkit.TopicProvisioner;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.schemas.TopicRegistry;
import io.tunestream.trainer.config.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * The trainer's topics as the topic registry declares them (jobs, sweeps and recipes compacted, the requests' DLQ),
 * created when missing so the embedded default needs no setup; set {@code tunestream.trainer.create-topics=false}
 * where the platform owns topics (Strimzi).
 */
final class TrainerTopicSetup {

    private static final Logger LOG = Logger.getLogger(TrainerTopicSetup.class);

    private TrainerTopicSetup() {
    }

    /** @return the topics the trainer reads or writes, under the configured prefix and partitions */
    static List<TopicSpec> specs(TrainerConfig config) {
        String prefix = config.topicPrefix();
        int partitions = config.topicPartitions();
        List<TopicSpec> topics = new ArrayList<>(TopicSpec.withDlq(TopicRegistry.TRAINING_REQUESTS, prefix, partitions));
        for (var topic : List.of(TopicRegistry.DATASETS_PREPARED, TopicRegistry.TRAINING_JOBS,
                TopicRegistry.TRAINING_METRICS, TopicRegistry.TRAINING_CHECKPOINTS, TopicRegistry.SWEEPS,
                TopicRegistry.TRAINING_RECIPES, TopicRegistry.DATASETS_REPORTS)) {
            topics.add(TopicSpec.of(topic, prefix, partitions));
        }
        return topics;
    }

    static void ensureTopics(TrainerKafka kafka, TrainerConfig config) {
        try (Admin admin = kafka.admin()) {
            Set<String> created = TopicProvisioner.ensureTopics(admin, specs(config),
                    Optional.of(config.topicReplicationFactor()));
            if (!created.isEmpty()) {
                LOG.infof("Created topics %s", created);
            }
        }
    }
}
