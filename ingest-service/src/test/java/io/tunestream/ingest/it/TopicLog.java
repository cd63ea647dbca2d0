package io.tunestream.ingest.it;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.StageReport;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a topic from the beginning up to its current end: with read_committed the end is the last stable
 * offset, so the result is exactly what a read_committed consumer can see right now.
 */
final class TopicLog {

    private TopicLog() {
    }

    static List<ConsumerRecord<String, DatasetEvent>> committedEvents(String topic, String key) {
        return read(topic, "read_committed", new StringDeserializer(), new EventDeserializer<>(DatasetEvent.class))
                .stream().filter(r -> key.equals(r.key())).toList();
    }

    /** The records the events carry, batches flattened, in log order. */
    static List<DatasetRecord> records(List<ConsumerRecord<String, DatasetEvent>> events) {
        return events.stream().flatMap(e -> DatasetEvents.records(e.value()).stream()).toList();
    }

    static List<ConsumerRecord<String, StageReport>> committedReports(String topic, String key) {
        return read(topic, "read_committed", new StringDeserializer(), new EventDeserializer<>(StageReport.class))
                .stream().filter(r -> key.equals(r.key())).toList();
    }

    static List<ConsumerRecord<byte[], byte[]>> uncommittedBytes(String topic) {
        return read(topic, "read_uncommitted", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static List<ConsumerRecord<byte[], byte[]>> committedBytes(String topic) {
        return read(topic, "read_committed", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** End offsets as a read_committed consumer sees them (the last stable offsets). */
    static Map<TopicPartition, Long> stableEnd(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_committed", new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    private static <K, V> List<ConsumerRecord<K, V>> read(String topic, String isolation, Deserializer<K> keys,
                                                          Deserializer<V> values) {
        try (KafkaConsumer<K, V> consumer = consumer(isolation, keys, values)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static <K, V> KafkaConsumer<K, V> consumer(String isolation, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), keys, values);
    }
}
