package io.tunestream.registry.streams;

import io.tunestream.kafka.toolkit.TopicProvisioner;
import io.tunestream.kafka.toolkit.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creates the registry's topics that do not exist yet (models compacted); existing topics are left alone. */
public final class RegistryTopicSetup {

    private RegistryTopicSetup() {
    }

    /** Creates what is missing, with the given partitions and replication factor (DLQs get one partition). */
    public static void ensure(Map<String, Object> adminConfig, RegistryTopics topics, int partitions, short replication) {
        List<TopicSpec> specs = List.of(TopicSpec.of(topics.evaluations(), partitions), TopicSpec.of(topics.evaluationsDlq(), 1),
                TopicSpec.of(topics.commands(), partitions), TopicSpec.of(topics.commandsDlq(), 1),
                TopicSpec.compacted(topics.models(), partitions), TopicSpec.of(topics.deployments(), partitions),
                TopicSpec.of(topics.reports(), partitions));
        TopicProvisioner.ensureTopics(adminConfig, specs, Optional.of(replication));
    }
}
