package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.kafka.toolkit.KeyPartitions;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.DatasetIndex;
import io.tunestream.schemas.DatasetKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one sealed dataset version from a dataset topic, as the trainer and the evaluator need it: read_committed
 * (the consumer's setting), only the partition its key hashes to, until its seal; then checks the number of records
 * (batches hold many) against the seal. It starts where the dataset index ({@code datasets.index}) says the version
 * lies, so the read does not grow with the versions written before it; without an entry (a version written before
 * the index, or not sealed yet) it scans the partition from its beginning and says so in the log. No event within
 * the deadline means an unknown dataset; records without a seal, or a count that differs from the seal, an
 * incomplete one; both errors say how far the read got. Events are deduplicated by event id; undecodable events are
 * skipped (if one was ours, the count check fails).
 */
public final class SealedDatasetReader {

    private static final Logger LOG = LoggerFactory.getLogger(SealedDatasetReader.class);

    /**
     * A complete, sealed dataset version: the records a filter kept, the seal, and how it was read.
     *
     * @param read where the read started and how many messages it polled
     */
    public record SealedDataset(String datasetId, String version, List<DatasetRecord> records, DatasetSeal seal,
                                ReadExtent read) {
    }

    /**
     * How much of the topic one read touched.
     *
     * @param partition   the partition read
     * @param startOffset where the read started (the index entry's first offset, or the partition's beginning)
     * @param indexed     whether the start came from the dataset index
     * @param polled      messages polled from the partition, other versions' included
     */
    public record ReadExtent(int partition, long startOffset, boolean indexed, long polled) {
    }

    /** Finds a version's entry in the dataset index. */
    @FunctionalInterface
    public interface IndexLookup {

        /** @return where {@code datasetId@version} lies on {@code topic}, if the index knows */
        Optional<DatasetIndexEntry> find(String topic, String datasetId, String version);

        /** @return a lookup that always scans (no index) */
        static IndexLookup none() {
            return (topic, datasetId, version) -> Optional.empty();
        }

        /**
         * @param consumers  new read_committed consumers of index entries (closed after each lookup)
         * @param indexTopic the full name of the index topic
         * @param timeout    how long one lookup may take
         * @return a lookup reading the key's partition of the index ({@link DatasetIndex#find})
         */
        static IndexLookup of(Supplier<? extends Consumer<String, DatasetIndexEntry>> consumers, String indexTopic,
                Duration timeout) {
            return (topic, datasetId, version) -> {
                try (Consumer<String, DatasetIndexEntry> consumer = consumers.get()) {
                    return DatasetIndex.find(consumer, indexTopic, topic, datasetId, version, timeout);
                }
            };
        }
    }

    private final Supplier<KafkaConsumer<String, DatasetEvent>> consumers;
    private final IndexLookup index;
    private final String topic;
    private final Duration deadline;

    /**
     * @param consumers new consumers (read_committed, no group needed: partitions are assigned)
     * @param index     where versions lie on the topic
     * @param topic     the full name of the dataset topic
     * @param deadline  how long to wait for the seal
     */
    public SealedDatasetReader(Supplier<KafkaConsumer<String, DatasetEvent>> consumers, IndexLookup index,
            String topic, Duration deadline) {
        this.consumers = consumers;
        this.index = index;
        this.topic = topic;
        this.deadline = deadline;
    }

    /**
     * @param datasetId dataset id
     * @param version dataset version
     * @param keep which records to keep (every record is counted against the seal)
     * @return the kept records, in log order, and the seal
     * @throws DatasetUnavailableException UNKNOWN or INCOMPLETE
     */
    public SealedDataset read(String datasetId, String version, Predicate<DatasetRecord> keep) {
        String key = DatasetKeys.of(datasetId, version);
        Optional<DatasetIndexEntry> entry = lookup(key, datasetId, version);
        try (KafkaConsumer<String, DatasetEvent> consumer = consumers.get()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                throw new DatasetUnavailableException(DatasetUnavailableException.Kind.UNKNOWN,
                        "topic " + topic + " does not exist");
            }
            int partition = entry.map(DatasetIndexEntry::getPartition)
                    .orElse(KeyPartitions.partitionFor(key, partitions.size()));
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            if (entry.isPresent()) {
                consumer.seek(tp, entry.get().getFirstOffset());
            } else {
                LOG.info("no index entry for dataset {} on {}: scanning partition {} from its beginning", key, topic,
                        tp.partition());
                consumer.seekToBeginning(List.of(tp));
            }
            return read(consumer, tp, key, datasetId, version, keep, entry.isPresent());
        }
    }

    private Optional<DatasetIndexEntry> lookup(String key, String datasetId, String version) {
        try {
            return index.find(topic, datasetId, version).filter(e -> topic.equals(e.getTopic()));
        } catch (RuntimeException e) {
            LOG.warn("dataset index unreadable for {} on {} ({}): scanning instead", key, topic, e.toString());
            return Optional.empty();
        }
    }

    private SealedDataset read(KafkaConsumer<String, DatasetEvent> consumer, TopicPartition tp, String key, String id,
            String version, Predicate<DatasetRecord> keep, boolean indexed) {
        List<DatasetRecord> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long start = consumer.position(tp);
        long records = 0;
        long polled = 0;
        long until = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < until) {
            for (ConsumerRecord<String, DatasetEvent> r : poll(consumer)) {
                polled++;
                if (!key.equals(r.key()) || r.value() == null || !seen.add(r.value().getEventId())) {
                    continue;
                }
                if (r.value().getBody() instanceof DatasetSeal seal) {
                    if (seal.getRecordCount() != records) {
                        throw new DatasetUnavailableException(DatasetUnavailableException.Kind.INCOMPLETE,
                                "dataset " + key + ": the seal counts " + seal.getRecordCount() + " records but "
                                        + records + " were read before it");
                    }
                    return new SealedDataset(id, version, kept, seal, new ReadExtent(tp.partition(), start, indexed,
                            polled));
                }
                for (DatasetRecord record : DatasetEvents.records(r.value())) {
                    records++;
                    if (keep.test(record)) {
                        kept.add(record);
                    }
                }
            }
        }
        String extent = "read " + polled + " messages of " + tp + " from offset " + start
                + (indexed ? " (its index entry)" : " (no index entry: from the beginning)") + " to offset "
                + consumer.position(tp) + " of " + consumer.endOffsets(List.of(tp)).get(tp);
        if (records == 0) {
            throw new DatasetUnavailableException(DatasetUnavailableException.Kind.UNKNOWN, "no dataset " + key
                    + " on " + topic + " within " + deadline.toSeconds() + " s: " + extent);
        }
        throw new DatasetUnavailableException(DatasetUnavailableException.Kind.INCOMPLETE, "dataset " + key + " has "
                + records + " records but no seal within " + deadline.toSeconds() + " s: " + extent);
    }

    private static Iterable<ConsumerRecord<String, DatasetEvent>> poll(KafkaConsumer<String, DatasetEvent> consumer) {
        try {
            return consumer.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return List.of();
        }
    }
}
