package io.tunestream.kafka.toolkit;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * The partition Kafka's producer picks for a keyed record, computed by Kafka itself
 * ({@link BuiltInPartitioner#partitionForKey}: murmur2 of the serialized key), so a reader that seeks straight to a
 * key's partition (a dataset version, a sweep) can never disagree with the writer. tunestream's keys are Strings
 * written by a {@code StringSerializer}, i.e. their UTF-8 bytes.
 */
public final class KeyPartitions {

    private KeyPartitions() {
    }

    /**
     * @param key        a String record key
     * @param partitions the topic's partition count (at least 1)
     * @return the partition the default partitioner writes that key to
     */
    public static int partitionFor(String key, int partitions) {
        if (key == null) {
            throw new IllegalArgumentException("a record without a key has no fixed partition");
        }
        return partitionFor(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    /**
     * @param serializedKey the key's bytes as the producer serialized them
     * @param partitions    the topic's partition count (at least 1)
     * @return the partition the default partitioner writes that key to
     */
    public static int partitionFor(byte[] serializedKey, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, got " + partitions);
        }
        return BuiltInPartitioner.partitionForKey(serializedKey, partitions);
    }
}
