package io.tunestream.launcher;

import io.tunestream.kafka.toolkit.KeyPartitions;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.DatasetIndex;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDeserializer;
import java.util.AbstractMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import io.tunestream.schemas.KafkaConnection;

/**
 * Reads a dataset version back from Kafka as a consumer in another system would: {@code read_committed}, the
 * partition its key maps to, until the version's seal. It starts where the dataset index ({@code datasets.index}
 * under the topic's prefix) says the version lies; without an entry (ingest writes none yet) it scans the partition
 * from the beginning and logs that at DEBUG. No consumer group, no commits.
 */
public final class DatasetReadback implements AutoCloseable {

    /** How long a read goes on once the topic's producer is known dead: what it wrote is already there. */
    static final Duration GRACE = Duration.ofSeconds(3);

    private static final System.Logger LOG = System.getLogger(DatasetReadback.class.getName());
    private static final List<String> DATASET_TOPICS = List.of(Topics.DATASETS_RAW, Topics.DATASETS_CLEAN,
            Topics.DATASETS_SPLIT, Topics.DATASETS_PREPARED);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaConsumer<String, DatasetIndexEntry> index;
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
        index = new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer<>(DatasetIndexEntry.class));
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

    /**
     * How much of the topic the last read touched.
     *
     * @param startOffset where it started: the index entry's first offset, or the partition's beginning
     * @param indexed     whether the index gave the start
     * @param polled      messages it went through until the seal, other versions' included
     */
    record Extent(long startOffset, boolean indexed, long polled) {
    }

    private Extent lastExtent;

    private Scan scan(String topic, String datasetId, String version, Duration timeout, BooleanSupplier producerAlive,
            Consumer<DatasetRecord> sink) {
        byte[] key = DatasetKeys.of(datasetId, version).getBytes(StandardCharsets.UTF_8);
        Optional<DatasetIndexEntry> entry = indexEntry(topic, datasetId, version);
        if (entry.isPresent()) {
            TopicPartition tp = new TopicPartition(topic, entry.get().getPartition());
            consumer.assign(List.of(tp));
            consumer.seek(tp, entry.get().getFirstOffset());
        } else {
            LOG.log(Level.DEBUG, "no index entry for {0}@{1} on {2}: scanning its partition from the "
                    + "beginning", datasetId, version, topic);
            seekToStart(topic, key);
        }
        long undecodable = 0;
        long polled = 0;
        long start = consumer.position(consumer.assignment().iterator().next());
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean gaveUp = false;
        while (System.nanoTime() < deadline) {
            if (!gaveUp && !producerAlive.getAsBoolean()) {
                gaveUp = true;
                deadline = Math.min(deadline, System.nanoTime() + GRACE.toNanos());
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                polled++;
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
                    lastExtent = new Extent(start, entry.isPresent(), polled);
                    return new Scan(seal, undecodable);
                }
                DatasetEvents.records(event).forEach(sink);
            }
        }
        lastExtent = new Extent(start, entry.isPresent(), polled);
        return new Scan(null, undecodable);
    }

    /** @return how much of its topic the last read of a version touched (null before the first) */
    Extent lastExtent() {
        return lastExtent;
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

    /** The version's index entry, when {@code topic} is a dataset topic and its prefix's index has one. */
    private Optional<DatasetIndexEntry> indexEntry(String topic, String datasetId, String version) {
        Optional<String> base = DATASET_TOPICS.stream().filter(topic::endsWith).findFirst();
        if (base.isEmpty()) {
            return Optional.empty();
        }
        String prefix = topic.substring(0, topic.length() - base.get().length());
        try {
            return DatasetIndex.find(index, Topics.name(prefix, Topics.DATASETS_INDEX), topic, datasetId, version,
                    Duration.ofSeconds(30)).filter(e -> topic.equals(e.getTopic()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dataset index unreadable for " + topic + ": scanning instead", e);
            return Optional.empty();
        }
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
        index.close(Duration.ofSeconds(5));
    }
}
