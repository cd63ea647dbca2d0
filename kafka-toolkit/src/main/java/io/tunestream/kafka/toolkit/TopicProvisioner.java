package io.tunestream.kafka.toolkit;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tunestream.schemas.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The one way tunestream creates topics: idempotently through the Admin client, a topic that already exists is left
 * as it is (two services racing to create the same topic both succeed). Replication is the cluster's default
 * ({@code default.replication.factor}) unless given, so the same specs fit a one-node broker and a real cluster. The
 * launcher creates the pipeline's topics with it; a service creates its own with it at start-up where
 * {@code create-topics} is on (in production the platform's KafkaTopic resources own them).
 */
public final class TopicProvisioner {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicProvisioner() {
    }

    /** Creates the missing topics on a PLAINTEXT cluster at {@code bootstrapServers}; returns the names it created. */
    public static Set<String> ensureTopics(String bootstrapServers, Collection<TopicSpec> topics) {
        return ensureTopics(KafkaConnection.plaintext(bootstrapServers), topics);
    }

    /** Creates the missing topics through {@code connection} (a user allowed to create them); returns the names created. */
    public static Set<String> ensureTopics(KafkaConnection connection, Collection<TopicSpec> topics) {
        try (Admin admin = Admin.create(connection.clientProperties())) {
            return ensureTopics(admin, topics);
        }
    }

    /** Creates the missing topics through an admin client built from {@code adminConfig}; returns the names created. */
    public static Set<String> ensureTopics(Map<String, Object> adminConfig, Collection<TopicSpec> topics,
            Optional<Short> replication) {
        try (Admin admin = Admin.create(adminConfig)) {
            return ensureTopics(admin, topics, replication);
        }
    }

    /** Creates the missing topics with {@code admin} at the cluster's default replication; returns the names created. */
    public static Set<String> ensureTopics(Admin admin, Collection<TopicSpec> topics) {
        return ensureTopics(admin, topics, Optional.empty());
    }

    /** Creates the missing topics with {@code admin}; returns the names it created. */
    public static Set<String> ensureTopics(Admin admin, Collection<TopicSpec> topics, Optional<Short> replication) {
        // only what is missing: with ACLs, asking to create an existing topic one may not create is refused
        // (TopicAuthorizationException), not answered with TopicExistsException
        Set<String> existing = existingTopics(admin);
        Map<String, NewTopic> requests = new LinkedHashMap<>();
        for (TopicSpec spec : topics) {
            if (existing.contains(spec.name())) {
                continue;
            }
            NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), replication);
            requests.put(spec.name(), topic.configs(spec.effectiveConfigs()));
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(requests.values()).values();
        Set<String> created = new TreeSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            if (awaitCreation(result.getKey(), result.getValue())) {
                created.add(result.getKey());
            }
        }
        return created;
    }

    private static Set<String> existingTopics(Admin admin) {
        try {
            return admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("listing topics took longer than " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }

    private static boolean awaitCreation(String name, KafkaFuture<Void> future) {
        try {
            future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create topic " + name, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + name + " took longer than " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }
}
