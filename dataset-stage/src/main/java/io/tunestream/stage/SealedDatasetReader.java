package io.tunestream.stage;

import io.tunestream.kafka.toolkit.KeyPartitions;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.DatasetKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Reads one sealed dataset version from a dataset topic, as the trainer and the evaluator need it: only the
 * partition its key hashes to (the producers' default partitioner), read_committed (the consumer's setting),
 * from the beginning, until its seal; then checks the number of records (batches hold many) against the seal. No event within the
 * deadline means an unknown dataset; records without a seal, or a count that differs from the seal, an
 * incomplete one. Events are deduplicated by event id; undecodable events are skipped (if one was ours, the
 * count check fails).
 */
public final class SealedDatasetReader {

    /** A complete, sealed dataset version: the records a filter kept, and the seal. */
    public record SealedDataset(String datasetId, String version, List<DatasetRecord> records, DatasetSeal seal) {
    }

    private final Supplier<KafkaConsumer<String, DatasetEvent>> consumers;
    private final String topic;
    private final Duration deadline;

    /**
     * @param consumers new consumers (read_committed, no group needed: partitions are assigned)
     * @param topic the full name of the dataset topic
     * @param deadline how long to wait for the seal
     */
    public SealedDatasetReader(Supplier<KafkaConsumer<String, DatasetEvent>> consumers, String topic,
            Duration deadline) {
        this.consumers = consumers;
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
        try (KafkaConsumer<String, DatasetEvent> consumer = consumers.get()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                throw new DatasetUnavailableException(DatasetUnavailableException.Kind.UNKNOWN,
                        "topic " + topic + " does not exist");
            }
            int partition = KeyPartitions.partitionFor(key, partitions.size());
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            return read(consumer, key, datasetId, version, keep);
        }
    }

    private SealedDataset read(KafkaConsumer<String, DatasetEvent> consumer, String key, String id, String version,
            Predicate<DatasetRecord> keep) {
        List<DatasetRecord> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long records = 0;
        long until = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < until) {
            for (ConsumerRecord<String, DatasetEvent> r : poll(consumer)) {
                if (!key.equals(r.key()) || r.value() == null || !seen.add(r.value().getEventId())) {
                    continue;
                }
                if (r.value().getBody() instanceof DatasetSeal seal) {
                    if (seal.getRecordCount() != records) {
                        throw new DatasetUnavailableException(DatasetUnavailableException.Kind.INCOMPLETE,
                                "dataset " + key + ": the seal counts " + seal.getRecordCount() + " records but "
                                        + records + " were read before it");
                    }
                    return new SealedDataset(id, version, kept, seal);
                }
                for (DatasetRecord record : DatasetEvents.records(r.value())) {
                    records++;
                    if (keep.test(record)) {
                        kept.add(record);
                    }
                }
            }
        }
        if (records == 0) {
            throw new DatasetUnavailableException(DatasetUnavailableException.Kind.UNKNOWN, "no dataset " + key
                    + " on " + topic + " within " + deadline.toSeconds() + " s");
        }
        throw new DatasetUnavailableException(DatasetUnavailableException.Kind.INCOMPLETE, "dataset " + key + " has "
                + records + " records but no seal within " + deadline.toSeconds() + " s");
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
