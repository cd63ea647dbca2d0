package io.tunestream.schemas;

import io.tunestream.events.DatasetIndexEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * The compacted {@code datasets.index} topic: where each sealed dataset version lies on each dataset topic. Its key
 * is {@link #key(String, String, String)}; its value a {@code DatasetIndexEntry} written by the stage that wrote the
 * version, in the seal's transaction. {@link #find} reads one key's partition of the index (small: one entry per
 * version and stage once compacted) up to its end offset, so a reader can seek straight to a version.
 */
public final class DatasetIndex {

    /** Separates the dataset topic from the dataset key in an index key. */
    public static final String SEPARATOR = "|";

    private DatasetIndex() {
    }

    /**
     * @param topic     the full name of the dataset topic
     * @param datasetId dataset id
     * @param version   dataset version
     * @return the index key: {@code <topic>|<datasetId>@<version>}
     */
    public static String key(String topic, String datasetId, String version) {
        return topic + SEPARATOR + DatasetKeys.of(datasetId, version);
    }

    /**
     * The latest committed entry of a version, read with {@code consumer} (read_committed, no group: it is assigned
     * here) from the key's partition of {@code indexTopic}, from its start up to its end offset at the time of the
     * call. Entries that do not decode are skipped (the caller then scans, as with no entry).
     *
     * @return the entry, or empty when the index (or the key) does not exist
     * @throws IllegalStateException when the index partition cannot be read to its end within {@code timeout}
     */
    public static Optional<DatasetIndexEntry> find(Consumer<String, DatasetIndexEntry> consumer, String indexTopic,
            String topic, String datasetId, String version, Duration timeout) {
        String key = key(topic, datasetId, version);
        List<PartitionInfo> partitions = consumer.partitionsFor(indexTopic, timeout);
        if (partitions == null || partitions.isEmpty()) {
            return Optional.empty();
        }
        int partition = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions.size());
        TopicPartition tp = new TopicPartition(indexTopic, partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
        DatasetIndexEntry found = null;
        long until = System.nanoTime() + timeout.toNanos();
        while (consumer.position(tp, timeout) < end) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("index " + tp + " not read within " + timeout.toSeconds()
                        + " s looking for " + key + ": at offset " + consumer.position(tp) + " of " + end);
            }
            for (ConsumerRecord<String, DatasetIndexEntry> r : poll(consumer)) {
                if (key.equals(r.key())) {
                    found = r.value(); // a later entry (a replayed version) replaces an earlier one
                }
            }
        }
        return Optional.ofNullable(found);
    }

    private static Iterable<ConsumerRecord<String, DatasetIndexEntry>> poll(Consumer<String, DatasetIndexEntry> c) {
        try {
            return c.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
            c.seek(e.topicPartition(), e.offset() + 1);
            return List.of();
        }
    }
}
