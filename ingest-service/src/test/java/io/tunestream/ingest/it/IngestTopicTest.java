package io.tunestream.ingest.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.tunestream.ingest.it.DatasetUploadTest.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;

/** Records produced by another system to the ingest topic: validated, forwarded or dead-lettered, sealed. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class IngestTopicTest {

    private final EventSerializer<DatasetEvent> serializer = new EventSerializer<>(DatasetEvent.class);

    private static DatasetEvent event(String id, String version, String eventId, Object body) {
        return DatasetEvent.newBuilder().setEventId(eventId).setDatasetId(id).setVersion(version).setStage("crm")
                .setProducedAt(Instant.now()).setBody(body).build();
    }

    private static DatasetRecord record(String text, String label) {
        return DatasetRecord.newBuilder().setRecordId(text).setSourceRecordId(text).setText(text).setLabel(label).build();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldForwardValidRecordsAndDeadLetterPoisonWhenOtherSystemsProduce() {
        // Given
        String id = DatasetUploadTest.newId();
        String key = DatasetKeys.of(id, "7");
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] poison = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = List.of(
                serializer.serialize(TOPICS.ingest(), event(id, "7", "e1", record("hello there", "ham"))),
                poison,
                serializer.serialize(TOPICS.ingest(), event(id, "7", "e2", record("", "spam"))),
                serializer.serialize(TOPICS.ingest(), event(id, "7", "e3", record("cheap meds", "spam"))),
                serializer.serialize(TOPICS.ingest(), event(id, "7", "e4",
                        DatasetSeal.newBuilder().setRecordCount(4).setConfig(Map.of("split", "0.8,0.1,0.1")).build())));
        // When
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(Map.of(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            values.forEach(v -> producer.send(new ProducerRecord<>(TOPICS.ingest(), k, v)));
        }
        // Then
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> TopicLog.committedEvents(TOPICS.raw(), key).stream()
                .anyMatch(r -> r.value().getBody() instanceof DatasetSeal));
        List<ConsumerRecord<String, DatasetEvent>> raw = TopicLog.committedEvents(TOPICS.raw(), key);
        assertThat(raw).hasSize(3);
        assertThat(raw.subList(0, 2)).extracting(r -> ((DatasetRecord) r.value().getBody()).getText())
                .containsExactly("hello there", "cheap meds");
        DatasetSeal seal = (DatasetSeal) raw.get(2).value().getBody();
        assertThat(seal.getRecordCount()).isEqualTo(2);
        assertThat(seal.getLabelCounts()).containsOnly(Map.entry("ham", 1L), Map.entry("spam", 1L));
        assertThat(seal.getPartitionCounts()).containsExactly(Map.entry(String.valueOf(raw.get(0).partition()), 2L));
        assertThat(seal.getConfig()).containsOnly(Map.entry("split", "0.8,0.1,0.1"), Map.entry("task", "classification"));

        List<ConsumerRecord<byte[], byte[]>> dead = TopicLog.committedBytes(TOPICS.ingestDlq()).stream()
                .filter(r -> Arrays.equals(r.key(), k)).toList();
        assertThat(dead).extracting(r -> header(r, "tunestream.dlq.reason"))
                .containsExactly("UNDECODABLE_EVENT", "EMPTY_TEXT");
        assertThat(dead.get(0).value()).isEqualTo(poison);
        assertThat(header(dead.get(0), "tunestream.dlq.source.topic")).isEqualTo(TOPICS.ingest());
        assertThat(dead.get(0).headers().lastHeader("tunestream.dlq.source.offset")).isNotNull();
        assertThat(TopicLog.committedEvents(TOPICS.catalog(), key)).hasSize(1);
    }

    @Test
    void shouldDeadLetterASealOverABoundAndSealTheCorrectedOneWhenOtherSystemsProduce() {
        // Given a record, a seal asking for two billion augmented copies, then a corrected seal
        String id = DatasetUploadTest.newId();
        String key = DatasetKeys.of(id, "1");
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = List.of(
                serializer.serialize(TOPICS.ingest(), event(id, "1", "e1", record("hello there", "ham"))),
                serializer.serialize(TOPICS.ingest(), event(id, "1", "e2", DatasetSeal.newBuilder().setRecordCount(1)
                        .setConfig(Map.of("augment.copies", "2000000000")).build())),
                serializer.serialize(TOPICS.ingest(), event(id, "1", "e3", DatasetSeal.newBuilder().setRecordCount(1)
                        .setConfig(Map.of("augment.copies", "2")).build())));
        // When
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(Map.of(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            values.forEach(v -> producer.send(new ProducerRecord<>(TOPICS.ingest(), k, v)));
        }
        // Then the over-bound seal is dead-lettered naming the key and bound, and only the corrected one seals
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> TopicLog.committedEvents(TOPICS.raw(), key).stream()
                .anyMatch(r -> r.value().getBody() instanceof DatasetSeal));
        List<ConsumerRecord<byte[], byte[]>> dead = TopicLog.committedBytes(TOPICS.ingestDlq()).stream()
                .filter(r -> Arrays.equals(r.key(), k)).toList();
        assertThat(dead).extracting(r -> header(r, "tunestream.dlq.reason")).containsExactly("SETTING_OUT_OF_BOUNDS");
        assertThat(header(dead.get(0), "tunestream.dlq.detail"))
                .startsWith("config.augment.copies must be a whole number in [0, 16], got: '2000000000'");
        List<DatasetSeal> seals = TopicLog.committedEvents(TOPICS.raw(), key).stream().map(r -> r.value().getBody())
                .filter(DatasetSeal.class::isInstance).map(DatasetSeal.class::cast).toList();
        assertThat(seals).singleElement().satisfies(seal -> {
            assertThat(seal.getConfig()).containsOnly(Map.entry("augment.copies", "2"), Map.entry("task", "classification"));
            assertThat(seal.getRecordCount()).isEqualTo(1);
        });
    }
}
