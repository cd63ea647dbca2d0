package io.tunestream.launcher.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the stack wrote, as an outside consumer: {@code read_committed}, every partition, no group. Each read is
 * a snapshot from the beginning to the end offsets of that moment (a chaos stack's topics are small), so a wait is
 * a series of snapshots until a condition holds or a deadline passes.
 */
final class StackProbe implements AutoCloseable {

    private static final Duration POLL_EVERY = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;

    StackProbe(KafkaConnection kafka) {
        Properties p = kafka.properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tunestream-chaos");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every record value of {@code topic} now; an unreachable broker reads as an empty topic. */
    synchronized List<byte[]> values(String topic) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<byte[]> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reached(end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        } catch (RuntimeException e) {
            // a broker that restarts answers nothing for a while: the caller's wait goes on
            return List.of();
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** The events of {@code type} on {@code topic} that {@code filter} accepts; undecodable values are skipped. */
    <T extends SpecificRecord> List<T> events(String topic, Class<T> type, Predicate<T> filter) {
        EventDeserializer<T> decoder = new EventDeserializer<>(type);
        List<T> found = new ArrayList<>();
        for (byte[] value : values(topic)) {
            if (value == null) {
                continue;
            }
            try {
                T event = decoder.deserialize(topic, value);
                if (filter.test(event)) {
                    found.add(event);
                }
            } catch (EventDecodingException | AvroRuntimeException e) {
                // another event type on the same topic, or a newer release's event: not what is waited for
            }
        }
        return found;
    }

    /** Snapshots of {@link #events} until {@code until} accepts one or {@code timeout} passes; the last snapshot. */
    <T extends SpecificRecord> List<T> await(String topic, Class<T> type, Predicate<T> filter,
            Predicate<List<T>> until, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> found = events(topic, type, filter);
        while (!until.test(found) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_EVERY.toMillis());
            found = events(topic, type, filter);
        }
        return found;
    }

    /** What one dataset version amounts to on a dataset topic: its records and its seals (one when complete). */
    record VersionLog(long records, List<DatasetSeal> seals) {
        DatasetSeal seal() {
            return seals.isEmpty() ? null : seals.get(0);
        }
    }

    /** The version on {@code topic} now. */
    VersionLog version(String topic, String datasetId, String version) {
        return versionOf(events(topic, DatasetEvent.class, e -> e.getDatasetId().equals(datasetId)
                && e.getVersion().equals(version)));
    }

    /** Waits until the version on {@code topic} is sealed, or {@code timeout}; the version as last seen. */
    VersionLog awaitSeal(String topic, String datasetId, String version, Duration timeout) throws InterruptedException {
        return versionOf(await(topic, DatasetEvent.class, e -> e.getDatasetId().equals(datasetId)
                && e.getVersion().equals(version), l -> l.stream().anyMatch(e -> e.getBody() instanceof DatasetSeal),
                timeout));
    }

    private static VersionLog versionOf(List<DatasetEvent> events) {
        long records = 0;
        List<DatasetSeal> seals = new ArrayList<>();
        for (DatasetEvent e : events) {
            if (e.getBody() instanceof DatasetSeal seal) {
                seals.add(seal);
            } else {
                records += DatasetEvents.records(e).size();
            }
        }
        return new VersionLog(records, seals);
    }

    /** How many records {@code topic} holds now (e.g. a dead-letter topic, before and after a fault). */
    long count(String topic) {
        return values(topic).size();
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
