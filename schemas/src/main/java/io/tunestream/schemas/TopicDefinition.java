package io.tunestream.schemas;

import java.util.Locale;
import java.util.Objects;

/**
 * One topic of the pipeline as the registry ({@link TopicRegistry}) declares it: its base name (under a configurable
 * prefix), the types of its keys and values, its cleanup policy, how many partitions it gets when tunestream creates
 * it, and whether it has a {@code <topic>.dlq}. Everything that creates, reads or writes a topic derives from here.
 *
 * @param base              base name, e.g. {@code datasets.raw}
 * @param keyType           type of the record keys (every tunestream key is a String)
 * @param valueType         type of the record values (an Avro class, or {@code byte[]} where several kinds share it)
 * @param cleanup           {@code delete} or {@code compact}
 * @param defaultPartitions partitions when created without another setting
 * @param hasDlq            whether a tunestream stage consumes it, and so dead-letters what it refuses
 * @param <V>               value type
 */
public record TopicDefinition<V>(String base, Class<String> keyType, Class<V> valueType, Cleanup cleanup,
        int defaultPartitions, boolean hasDlq) {

    /** Partitions of a dead-letter topic: it is read by people and replay tools, order across keys is not needed. */
    public static final int DLQ_PARTITIONS = 1;

    /** Kafka's {@code cleanup.policy}. */
    public enum Cleanup {
        /** Keep every record until retention ends. */
        DELETE,
        /** Keep the latest record per key (a null value deletes the key). */
        COMPACT;

        /** @return the value of {@code cleanup.policy} */
        public String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the declaration. */
    public TopicDefinition {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanup, "cleanup");
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("topic " + base + " needs at least one partition");
        }
    }

    /** @return the full topic name under {@code prefix} (null: {@link Topics#DEFAULT_PREFIX}) */
    public String name(String prefix) {
        return Topics.name(prefix, base);
    }

    /** @return the full name of its dead-letter topic under {@code prefix} */
    public String dlqName(String prefix) {
        if (!hasDlq) {
            throw new IllegalStateException("topic " + base + " is read by no tunestream stage and has no DLQ");
        }
        return Topics.dlq(name(prefix));
    }

    /** @return whether it keeps only the latest value per key */
    public boolean compacted() {
        return cleanup == Cleanup.COMPACT;
    }
}
