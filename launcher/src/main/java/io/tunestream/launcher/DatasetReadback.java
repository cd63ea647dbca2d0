package io.tunestream.launcher;

import io.tunestream.kafka.toolkit.KeyPartitions;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import java.util.AbstractMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import io.tunestream.schemas.KafkaConnection;

/**
 * Reads a dataset version back from Kafka as a consumer in another system would: {@code read_committed}, the
 * partition its key maps to, from the beginning, until the version's seal. No consumer group, no commits.
 */
public final class DatasetReadback implements AutoCloseable {

    /** How long a read goes on once the topic's producer is known dead: what it wrote is already there. */
    static final Duration GRACE = Duration.ofSeconds(3);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final EventDeserializer<DatasetEvent> events = new EventDeserializer<>(DatasetEvent.class);
    private final EventDeserializer<StageReport> reports = new EventDeserializer<>(StageReport.class);

    /** A reader of a PLAINTEXT broker. */
    public DatasetReadback(String bootstrap) {
        this(KafkaConnection.plaintext(bootstrap));
    }

    /** A reader logging in as {@code kafka} says (on the embedded stack: its read-only {@code cli} user). */
    public DatasetReadback(KafkaConnection kafka) {
        Properties p = kafka.properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads the version from {@code topic} until its seal or the deadline, counting labels and splits. */
    public DatasetSnapshot read(String topic, String datasetId, String version, Duration timeout) {
        return read(topic, datasetId, version, timeout, () -> true);
    }

    /**
     * As {@link #read(String, String, String, Duration)}, giving up early once {@code producerAlive} turns false
     * (the stage that writes the topic died): what is already on the topic is still read, for {@link #GRACE}.
     */
    public DatasetSnapshot read(String topic, String datasetId, String version, Duration timeout,
            BooleanSupplier producerAlive) {
        long[] records = {0};
        Map<String, Long> labels = new TreeMap<>();
        Map<String, Long> splits = new TreeMap<>();
        Scan scan = scan(topic, datasetId, version, timeout, producerAlive, record -> {
            records[0]++;
            labels.merge(String.valueOf(record.getLabel()), 1L, Long::sum);
            if (record.getSplit() != null) {
                splits.merge(record.getSplit().name(), 1L, Long::sum);
            }
        });
        return new DatasetSnapshot(topic, records[0], labels, splits, scan.undecodable(), scan.seal());
    }

    /** Every record of the version on {@code topic}, in log order, and its seal (null if none before the deadline). */
    public Map.Entry<List<DatasetRecord>, DatasetSeal> records(String topic, String datasetId, String version, Duration timeout) {
        List<DatasetRecord> records = new ArrayList<>();
        Scan scan = scan(topic, datasetId, version, timeout, () -> true, records::add);
        return new AbstractMap.SimpleImmutableEntry<>(records, scan.seal());
    }

    private record Scan(DatasetSeal seal, long undecodable) {
    }

    private Scan scan(String topic, String datasetId, String version, Duration timeout, BooleanSupplier producerAlive,
            Consumer<DatasetRecord> sink) {
        byte[] key = DatasetKeys.of(datasetId, version).getBytes(StandardCharsets.UTF_8);
        seekToStart(topic, key);
        long undecodable = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean gaveUp = false;
        while (System.nanoTime() < deadline) {
            if (!gaveUp && !producerAlive.getAsBoolean()) {
                gaveUp = true;
                deadline = Math.min(deadline, System.nanoTime() + GRACE.toNanos());
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (!Arrays.equals(r.key(), key)) {
                    continue;
                }
                DatasetEvent event;
                try {
                    event = events.deserialize(topic, r.value());
                } catch (EventDecodingException e) {
                    undecodable++;
                    continue;
                }
                if (event.getBody() instanceof DatasetSeal seal) {
                    return new Scan(seal, undecodable);
                }
                DatasetEvents.records(event).forEach(sink);
            }
        }
        return new Scan(null, undecodable);
    }

    /** The stage reports of a version found on {@code topic} until {@code stages} reports arrived or the deadline. */
    public List<StageReport> reports(String topic, String datasetId, String version, int stages, Duration timeout) {
        byte[] key = DatasetKeys.of(datasetId, version).getBytes(StandardCharsets.UTF_8);
        seekToStart(topic, key);
        List<StageReport> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.size() < stages && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (Arrays.equals(r.key(), key)) {
                    found.add(reports.deserialize(topic, r.value()));
                }
            }
        }
        return found;
    }

    private void seekToStart(String topic, byte[] key) {
        int partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
        // the default partitioner's choice for a keyed record
        TopicPartition tp = new TopicPartition(topic, KeyPartitions.partitionFor(key, partitions));
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
