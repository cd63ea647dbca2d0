package io.tunestream.trainer.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.Split;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.trainer.domain.Example;
import io.tunestream.trainer.domain.FailureReason;
import io.tunestream.trainer.domain.JobFailedException;
import io.tunestream.trainer.domain.PreparedDataset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads one sealed dataset version from the prepared topic: only the partition its key hashes to (the
 * producers' default partitioner), read_committed, from the beginning, until its seal; then checks the
 * number of records against the seal. No event within the deadline means an unknown dataset; records
 * without a seal, or a count that differs from the seal, an incomplete one. Events are deduplicated by
 * event id. TRAIN (and records without a split) train, VALIDATION evaluates, TEST is left to the evaluator.
 */
public final class DatasetMaterializer {

    private final Supplier<KafkaConsumer<String, DatasetEvent>> consumers;
    private final String topic;
    private final Duration deadline;

    DatasetMaterializer(Supplier<KafkaConsumer<String, DatasetEvent>> consumers, String topic, Duration deadline) {
        this.consumers = consumers;
        this.topic = topic;
        this.deadline = deadline;
    }

    /**
     * @return the dataset's train and validation splits
     * @throws JobFailedException UNKNOWN_DATASET or INCOMPLETE_DATASET
     */
    public PreparedDataset materialize(String datasetId, String version) {
        String key = DatasetKeys.of(datasetId, version);
        try (KafkaConsumer<String, DatasetEvent> consumer = consumers.get()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                throw new JobFailedException(FailureReason.UNKNOWN_DATASET, "topic " + topic + " does not exist");
            }
            int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions.size();
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            return read(consumer, key, datasetId, version);
        }
    }

    private PreparedDataset read(KafkaConsumer<String, DatasetEvent> consumer, String key, String id, String version) {
        List<Example> train = new ArrayList<>();
        List<Example> validation = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long records = 0;
        long until = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < until) {
            for (ConsumerRecord<String, DatasetEvent> r : poll(consumer)) {
                if (!key.equals(r.key()) || r.value() == null || !seen.add(r.value().getEventId())) {
                    continue;
                }
                if (r.value().getBody() instanceof DatasetSeal seal) {
                    verify(seal, records, key);
                    return new PreparedDataset(id, version, train, validation, Map.copyOf(seal.getConfig()));
                }
                DatasetRecord record = (DatasetRecord) r.value().getBody();
                records++;
                if (record.getSplit() == Split.VALIDATION) {
                    validation.add(new Example(record.getText(), record.getLabel(), record.getScore()));
                } else if (record.getSplit() != Split.TEST) {
                    train.add(new Example(record.getText(), record.getLabel(), record.getScore()));
                }
            }
        }
        if (records == 0) {
            throw new JobFailedException(FailureReason.UNKNOWN_DATASET, "no dataset " + key + " on " + topic
                    + " within " + deadline.toSeconds() + " s");
        }
        throw new JobFailedException(FailureReason.INCOMPLETE_DATASET, "dataset " + key + " has " + records
                + " records but no seal within " + deadline.toSeconds() + " s");
    }

    private static Iterable<ConsumerRecord<String, DatasetEvent>> poll(KafkaConsumer<String, DatasetEvent> consumer) {
        try {
            return consumer.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
            // An undecodable event: skip it; if it was one of ours, the seal count check fails the job.
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return List.of();
        }
    }

    private static void verify(DatasetSeal seal, long records, String key) {
        if (seal.getRecordCount() != records) {
            throw new JobFailedException(FailureReason.INCOMPLETE_DATASET, "dataset " + key + ": the seal counts "
                    + seal.getRecordCount() + " records but " + records + " were read before it");
        }
    }
}
