package io.tunestream.registry.streams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the registry's topics that do not exist yet (models compacted); existing topics are left alone. */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /** Creates what is missing, with the given partitions and replication factor. */
    public static void ensure(Map<String, Object> adminConfig, RegistryTopics topics, int partitions, short replication) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(topics.evaluations(), topics.evaluationsDlq(), topics.commands(),
                    topics.commandsDlq(), topics.models(), topics.deployments(), topics.reports())) {
                if (!existing.contains(topic)) {
                    NewTopic created = new NewTopic(topic, partitions, replication);
                    if (topic.equals(topics.models())) {
                        created.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(created);
                }
            }
            for (var result : admin.createTopics(missing).values().values()) {
                awaitIgnoringExists(result);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list or create the registry's topics: " + e, e);
        }
    }

    private static void awaitIgnoringExists(org.apache.kafka.common.KafkaFuture<Void> result)
            throws InterruptedException, TimeoutException, ExecutionException {
        try {
            result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
