package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.events.DatasetSeal;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.schemas.DatasetIndex;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.stage.SealedDatasetReader.IndexLookup;
import io.tunestream.stage.SealedDatasetReader.SealedDataset;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Indexed reads on a real KRaft broker: a stage writes each version's {@code datasets.index} entry in the seal's
 * transaction, and {@link SealedDatasetReader} seeks to it, so a read touches only its version's messages however
 * many versions came before. Counted in polled messages, never in time.
 */
@Timeout(120)
class DatasetIndexBrokerTest {

    private static final EventSerializer<DatasetEvent> WRITE = new EventSerializer<>(DatasetEvent.class);
    private static final int OLDER = 50;

    @Test
    void shouldPollOnlyTheVersionsMessagesWhenFiftyOlderVersionsPrecedeIt() throws Exception {
        // Given: a stage writing batches of 10; a first version "base" written before anything else, then 50 older
        // versions, then "target" of the same size as "base"
        StageTopics topics = topics();
        List<DatasetEvent> input = new ArrayList<>(version("spam", "base", 30));
        for (int v = 1; v <= OLDER; v++) {
            input.addAll(version("spam", "old" + v, 30));
        }
        input.addAll(version("spam", "target", 30));
        KafkaStreams stage = start(topics);
        try {
            send(topics.input(), input);
            SealedDatasetReader indexed = reader(topics, index(topics));
            await().atMost(Duration.ofSeconds(60)).until(() -> lookup(topics, "target").isPresent());

            // When: both are read through the index, and the target once more by scanning
            SealedDataset base = indexed.read("spam", "base", r -> true);
            SealedDataset target = indexed.read("spam", "target", r -> true);
            SealedDataset scanned = reader(topics, IndexLookup.none()).read("spam", "target", r -> true);

            // Then: the target's read polled its 3 batches and its seal, as the read of a version with no older
            // version before it did, although its partition held older versions; a scan polls them all
            DatasetIndexEntry entry = lookup(topics, "target").orElseThrow();
            assertThat(entry.getRecordCount()).isEqualTo(30);
            assertThat(entry.getBatchCount()).isEqualTo(3);
            assertThat(base.read().startOffset()).isZero();
            assertThat(target.read().indexed()).isTrue();
            assertThat(target.read().startOffset()).isEqualTo(entry.getFirstOffset()).isGreaterThan(OLDER / 3);
            assertThat(target.read().polled()).isEqualTo(base.read().polled()).isEqualTo(3 + 1);
            assertThat(scanned.read().indexed()).isFalse();
            assertThat(scanned.read().polled()).isGreaterThan(target.read().polled() + 4 * 5);
            assertThat(target.records()).hasSize(30).allSatisfy(r -> assertThat(r.getText()).startsWith("TEXT"));
            assertThat(target.records()).containsExactlyElementsOf(scanned.records());
            assertThat(target.seal().getRecordCount()).isEqualTo(30);
        } finally {
            stage.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldScanFromTheBeginningWhenTheIndexHasNoEntry() {
        // Given: versions written to a dataset topic by a writer that keeps no index (as before the index existed)
        StageTopics topics = topics();
        List<DatasetEvent> events = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            events.addAll(batched("spam", "v" + v, 20, 10));
        }
        send(topics.output(), events);

        // When
        SealedDataset read = reader(topics, index(topics)).read("spam", "v5", r -> true);

        // Then: complete and checked against its seal, read from the start of its partition
        assertThat(lookup(topics, "v5")).isEmpty();
        assertThat(read.records()).hasSize(20);
        assertThat(read.read().indexed()).isFalse();
        assertThat(read.read().startOffset()).isZero();
        assertThat(read.read().polled()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldNameTheDatasetAndHowFarItGotWhenNoSealArrivesInTime() {
        // Given: a version's batches without its seal
        StageTopics topics = topics();
        List<DatasetEvent> unsealed = batched("spam", "open", 20, 10);
        send(topics.output(), unsealed.subList(0, unsealed.size() - 1));
        SealedDatasetReader reader = new SealedDatasetReader(consumers(DatasetEvent.class), index(topics),
                topics.output(), Duration.ofSeconds(2));

        // When / Then
        assertThatThrownBy(() -> reader.read("spam", "open", r -> true))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("spam@open").hasMessageContaining("20 records but no seal")
                .hasMessageContaining("read 2 messages of " + topics.output());
    }

    private static StageTopics topics() {
        String prefix = "ix" + UUID.randomUUID().toString().substring(0, 8) + ".";
        StageTopics topics = StageTopics.of(prefix, "datasets.raw", "datasets.clean");
        KafkaTestSupport.createTopics(TopicSpec.of(topics.input(), 3), TopicSpec.of(topics.output(), 3),
                TopicSpec.of(topics.reports(), 1), TopicSpec.of(topics.dlq(), 1), TopicSpec.compacted(topics.index(), 3));
        return topics;
    }

    /** A version as single-record events and a seal, the way ingest's producers' topic carries it. */
    private static List<DatasetEvent> version(String id, String version, int records) {
        String[] texts = new String[records];
        for (int i = 0; i < records; i++) {
            texts[i] = "text " + i;
        }
        return SealedDatasetTopologyTest.dataset(id, version, texts);
    }

    /** A version as record batches of {@code size} and a seal counting them. */
    private static List<DatasetEvent> batched(String id, String version, int records, int size) {
        List<DatasetEvent> events = new ArrayList<>();
        Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
        List<DatasetRecord> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            batch.add(DatasetRecord.newBuilder().setRecordId("r" + i).setSourceRecordId("r" + i).setText("text " + i)
                    .setLabel("ham").setOperations(new ArrayList<>(List.of("ingest"))).build());
            if (batch.size() == size || i == records - 1) {
                events.add(DatasetEvent.newBuilder().setEventId(id + version + "-b" + events.size()).setDatasetId(id)
                        .setVersion(version).setStage("ingest").setProducedAt(at).setBody(DatasetRecordBatch
                                .newBuilder().setBatchNumber(events.size()).setRecords(batch).build()).build());
                batch = new ArrayList<>();
            }
        }
        DatasetSeal seal = DatasetSeal.newBuilder().setRecordCount(records).setBatchCount(events.size())
                .setConfig(new HashMap<>(Map.of("balance", "none"))).build();
        events.add(DatasetEvent.newBuilder().setEventId(id + version + "-seal").setDatasetId(id).setVersion(version)
                .setStage("ingest").setProducedAt(at).setBody(seal).build());
        return events;
    }

    private static void send(String topic, List<DatasetEvent> events) {
        try (KafkaProducer<String, byte[]> producer = KafkaTestSupport.transactionalProducer(new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (DatasetEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.getDatasetId() + "@" + e.getVersion(),
                        WRITE.serialize("t", e)));
            }
            producer.commitTransaction();
        }
    }

    private static SealedDatasetReader reader(StageTopics topics, IndexLookup index) {
        return new SealedDatasetReader(consumers(DatasetEvent.class), index, topics.output(), Duration.ofSeconds(30));
    }

    private static IndexLookup index(StageTopics topics) {
        return IndexLookup.of(consumers(DatasetIndexEntry.class), topics.index(), Duration.ofSeconds(10));
    }

    private static Optional<DatasetIndexEntry> lookup(StageTopics topics, String version) {
        try (KafkaConsumer<String, DatasetIndexEntry> consumer = consumers(DatasetIndexEntry.class).get()) {
            return DatasetIndex.find(consumer, topics.index(), topics.output(), "spam", version, Duration.ofSeconds(10));
        }
    }

    private static <V extends SpecificRecord> Supplier<KafkaConsumer<String, V>> consumers(
            Class<V> type) {
        return () -> {
            Map<String, Object> p = new HashMap<>();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            Deserializer<V> values = new EventDeserializer<>(type);
            return new KafkaConsumer<>(p, new StringDeserializer(), values);
        };
    }

    private static KafkaStreams start(StageTopics topics) throws Exception {
        var props = StageStreamsConfig.of("index-" + topics.input(), KafkaTestSupport.bootstrapServers(),
                Files.createTempDirectory("stage-state").toString());
        props.put(StageEmitter.BATCH_RECORDS_CONFIG, "10");
        KafkaStreams streams = new KafkaStreams(SealedDatasetTopology.build(topics, new UpperCaseStage()), props);
        streams.start();
        return streams;
    }
}
