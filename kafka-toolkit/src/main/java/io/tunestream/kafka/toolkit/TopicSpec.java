package io.tunestream.kafka.toolkit;

import io.tunestream.schemas.TopicDefinition;
import io.tunestream.schemas.TopicRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A topic to create: a name, partitions, cleanup policy and further configs. {@link #pipeline} derives the whole
 * pipeline's topics from the registry ({@link TopicRegistry}); {@link #of(TopicDefinition, String, int)} one of them.
 *
 * @param name       the full topic name
 * @param partitions the number of partitions (at least 1)
 * @param compacted  whether the topic keeps the latest record per key ({@code cleanup.policy=compact})
 * @param configs    further topic configs, e.g. {@code max.message.bytes}
 */
public record TopicSpec(String name, int partitions, boolean compacted, Map<String, String> configs) {

    /** Checks the spec. */
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition");
        }
        configs = Map.copyOf(Objects.requireNonNull(configs, "configs"));
    }

    /** A delete-policy topic with no further configs. */
    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, false, Map.of());
    }

    /** A compacted topic with no further configs. */
    public static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, true, Map.of());
    }

    /** One registry topic under {@code prefix}, {@code partitions} partitions. */
    public static TopicSpec of(TopicDefinition<?> topic, String prefix, int partitions) {
        return new TopicSpec(topic.name(prefix), partitions, topic.compacted(), Map.of());
    }

    /** The dead-letter topic of a registry topic under {@code prefix} ({@link TopicDefinition#DLQ_PARTITIONS}). */
    public static TopicSpec dlqOf(TopicDefinition<?> topic, String prefix) {
        return of(topic.dlqName(prefix), TopicDefinition.DLQ_PARTITIONS);
    }

    /** A registry topic and, where it has one, its dead-letter topic. */
    public static List<TopicSpec> withDlq(TopicDefinition<?> topic, String prefix, int partitions) {
        return topic.hasDlq() ? List.of(of(topic, prefix, partitions), dlqOf(topic, prefix))
                : List.of(of(topic, prefix, partitions));
    }

    /**
     * Every topic of the pipeline under {@code prefix} (null: the default prefix), {@code partitions} partitions each,
     * then a one-partition {@code <topic>.dlq} for every topic a tunestream stage consumes.
     */
    public static List<TopicSpec> pipeline(String prefix, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1");
        }
        List<TopicSpec> topics = new ArrayList<>();
        TopicRegistry.all().forEach(t -> topics.add(of(t, prefix, partitions)));
        TopicRegistry.all().stream().filter(TopicDefinition::hasDlq).forEach(t -> topics.add(dlqOf(t, prefix)));
        return List.copyOf(topics);
    }

    /** The topic configs to create it with: {@link #configs()} plus the cleanup policy. */
    public Map<String, String> effectiveConfigs() {
        Map<String, String> all = new LinkedHashMap<>(configs);
        all.put("cleanup.policy", compacted ? "compact" : all.getOrDefault("cleanup.policy", "delete"));
        return all;
    }
}
