package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stage topology on a real KRaft broker with exactly_once_v2. */
@Timeout(120)
class SealedDatasetBrokerTest {

    private static final EventSerializer<DatasetEvent> WRITE = new EventSerializer<>(DatasetEvent.class);

    @Test
    void shouldEmitWholeVersionOnceWhenInstanceIsReplacedMidDataset() throws Exception {
        // Given: a stage's topics on the real broker, and a dataset of 200 records with 10 poison ones
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
        StageTopics topics = StageTopics.of(prefix, "datasets.raw", "datasets.clean");
        KafkaTestSupport.createTopics(TopicSpec.of(topics.input(), 3), TopicSpec.of(topics.output(), 3),
                TopicSpec.of(topics.reports(), 1), TopicSpec.of(topics.dlq(), 1));
        String[] texts = new String[200];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "text " + i;
        }
        List<DatasetEvent> events = SealedDatasetTopologyTest.dataset("big", "7", texts);

        // When: the first instance sees half the records, then goes away; a new one (fresh state dir) takes over
        try (KafkaProducer<String, byte[]> producer = KafkaTestSupport.transactionalProducer(new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            KafkaStreams first = start(topics);
            send(producer, topics.input(), events.subList(0, 100));
            await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == KafkaStreams.State.RUNNING);
            first.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
            KafkaStreams second = start(topics);
            send(producer, topics.input(), events.subList(100, events.size()));

            // Then: exactly the 200 records (one batch) + seal, read_committed, and the DLQ holds the 10 poison records
            EventDeserializer<DatasetEvent> read = new EventDeserializer<>(DatasetEvent.class);
            List<ConsumerRecord<String, byte[]>> out = KafkaTestSupport.drain(topics.output(), new StringDeserializer(),
                    new ByteArrayDeserializer(), l -> l.stream().anyMatch(r -> read.deserialize("t", r.value()).getBody()
                            instanceof DatasetSeal), Duration.ofSeconds(60));
            second.close(Duration.ofSeconds(30));
            List<DatasetEvent> decoded = out.stream().map(r -> read.deserialize("t", r.value())).toList();
            assertThat(decoded).hasSize(2);
            List<DatasetRecord> records = DatasetEvents.records(decoded.get(0));
            assertThat(records).hasSize(200);
            assertThat(records.stream().map(DatasetRecord::getRecordId).distinct()).hasSize(200);
            assertThat(decoded.get(1).getBody()).isInstanceOf(DatasetSeal.class);
            List<ConsumerRecord<String, byte[]>> dead = KafkaTestSupport.drain(topics.dlq(), new StringDeserializer(),
                    new ByteArrayDeserializer(), l -> l.size() >= 10, Duration.ofSeconds(30));
            assertThat(dead).hasSize(10).allSatisfy(r ->
                    assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON)).contains("BAD_HEADER"));
            StageReport report = new EventDeserializer<>(StageReport.class).deserialize("t",
                    KafkaTestSupport.drain(topics.reports(), new StringDeserializer(), new ByteArrayDeserializer(),
                            l -> !l.isEmpty(), Duration.ofSeconds(30)).get(0).value());
            assertThat(report.getRecordsIn()).isEqualTo(200);
            assertThat(report.getDeadLettered()).isEqualTo(10);
        }
    }

    @Test
    void shouldRereadTheVersionFromTheInputWhenItsRecordsWereLetGoAtTheMemoryBound() throws Exception {
        // Given: a stage that may hold no bytes in memory, and two interleaved versions
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
        StageTopics topics = StageTopics.of(prefix, "datasets.raw", "datasets.clean");
        KafkaTestSupport.createTopics(TopicSpec.of(topics.input(), 1), TopicSpec.of(topics.output(), 1),
                TopicSpec.of(topics.reports(), 1), TopicSpec.of(topics.dlq(), 1));
        String[] texts = new String[100];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "text " + i;
        }
        List<DatasetEvent> a = SealedDatasetTopologyTest.dataset("a", "1", texts);
        List<DatasetEvent> b = SealedDatasetTopologyTest.dataset("b", "1", texts);
        java.util.List<DatasetEvent> interleaved = new java.util.ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            interleaved.add(a.get(i));
            interleaved.add(b.get(i));
        }

        // When
        KafkaStreams streams = start(topics, Map.of(SealedDatasetProcessor.BUFFER_BYTES_CONFIG, "0"));
        try (KafkaProducer<String, byte[]> producer = KafkaTestSupport.transactionalProducer(new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            send(producer, topics.input(), interleaved);

            // Then: both versions whole (their records re-read from the input); the poison (every 20th message,
            // all under a's key) counted in a's report only
            EventDeserializer<DatasetEvent> read = new EventDeserializer<>(DatasetEvent.class);
            List<DatasetEvent> out = KafkaTestSupport.drain(topics.output(), new StringDeserializer(),
                    new ByteArrayDeserializer(), l -> l.stream().filter(r -> read.deserialize("t", r.value()).getBody()
                            instanceof DatasetSeal).count() == 2, Duration.ofSeconds(60))
                    .stream().map(r -> read.deserialize("t", r.value())).toList();
            for (String id : List.of("a", "b")) {
                List<DatasetRecord> records = out.stream().filter(e -> e.getDatasetId().equals(id))
                        .flatMap(e -> DatasetEvents.records(e).stream()).toList();
                assertThat(records).hasSize(100);
                assertThat(records.stream().map(DatasetRecord::getText)).allMatch(t -> t.startsWith("TEXT "));
            }
            List<StageReport> reports = KafkaTestSupport.drain(topics.reports(), new StringDeserializer(),
                    new ByteArrayDeserializer(), l -> l.size() >= 2, Duration.ofSeconds(30)).stream()
                    .map(r -> new EventDeserializer<>(StageReport.class).deserialize("t", r.value())).toList();
            assertThat(reports).hasSize(2).allSatisfy(r -> {
                assertThat(r.getRecordsIn()).isEqualTo(100);
                assertThat(r.getRecordsOut()).isEqualTo(100);
                assertThat(r.getDeadLettered()).isEqualTo(r.getDatasetId().equals("a") ? 10 : 0);
            });
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** Sends events in one transaction, with a poison record before every 20th (10 in 200). */
    private static void send(KafkaProducer<String, byte[]> producer, String topic, List<DatasetEvent> events) {
        producer.beginTransaction();
        for (int i = 0; i < events.size(); i++) {
            DatasetEvent e = events.get(i);
            String key = e.getDatasetId() + "@" + e.getVersion();
            if (i % 20 == 10) {
                producer.send(new ProducerRecord<>(topic, key, ("poison " + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.send(new ProducerRecord<>(topic, key, WRITE.serialize("t", e)));
        }
        producer.commitTransaction();
    }

    private static KafkaStreams start(StageTopics topics) throws Exception {
        return start(topics, Map.of());
    }

    private static KafkaStreams start(StageTopics topics, Map<String, String> settings) throws Exception {
        var props = StageStreamsConfig.of("stage-" + topics.input(), KafkaTestSupport.bootstrapServers(),
                Files.createTempDirectory("stage-state").toString());
        props.put("commit.interval.ms", "100");
        // A replaced instance's partitions move after the session timeout: keep it at the broker's minimum.
        props.put("consumer.session.timeout.ms", "6000");
        props.put("consumer.heartbeat.interval.ms", "1000");
        props.putAll(settings);
        KafkaStreams streams = new KafkaStreams(SealedDatasetTopology.build(topics, new UpperCaseStage()), props);
        streams.start();
        return streams;
    }
}
