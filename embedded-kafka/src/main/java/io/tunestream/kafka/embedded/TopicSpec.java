package io.tunestream.kafka.embedded;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A topic to create.
 *
 * @param name       the full topic name
 * @param partitions the number of partitions (at least 1)
 * @param compacted  whether the topic keeps the latest record per key ({@code cleanup.policy=compact})
 * @param configs    further topic configs, e.g. {@code max.message.bytes}
 */
public record TopicSpec(String name, int partitions, boolean compacted, Map<String, String> configs) {

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

    /** The topic configs to create it with: {@link #configs()} plus the cleanup policy. */
    public Map<String, String> effectiveConfigs() {
        Map<String, String> all = new LinkedHashMap<>(configs);
        all.put("cleanup.policy", compacted ? "compact" : all.getOrDefault("cleanup.policy", "delete"));
        return all;
    }
}
