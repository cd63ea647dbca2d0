package io.tunestream.clean.streams;

import io.tunestream.schemas.DatasetEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** clean-service on the real broker: a raw dataset version in, the cleaned version, its report and DLQ out. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(180)
class CleanServiceTest {

    private static final String RAW = Topics.name(null, Topics.DATASETS_RAW);
    private static final String CLEAN = Topics.name(null, Topics.DATASETS_CLEAN);

    @Test
    void shouldPublishCleanedVersionWithReportWhenRawVersionIsSealed() {
        // Given: 40 records (10 exact duplicates, 2 empty), 2 poison records, then the seal
        String id = "clean-it-" + UUID.randomUUID().toString().substring(0, 8);
        String key = DatasetKeys.of(id, "1");
        List<DatasetEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String text = i < 2 ? " " : i < 12 ? "duplicate message number " + (i % 5) : "message " + i + " about " + (i % 2 == 0 ? "meetings" : "prizes");
            events.add(record(id, i, text, i % 2 == 0 ? "ham" : "spam"));
        }
        events.add(seal(id, 40, Map.of("balance", "none", "clean.near-duplicates", "off")));

        // When
        publish(key, events);

        // Then: the cleaned version, complete and sealed
        List<DatasetEvent> out = drainVersion(CLEAN, key);
        DatasetSeal seal = (DatasetSeal) out.get(out.size() - 1).getBody();
        List<DatasetRecord> records = out.stream().flatMap(e -> DatasetEvents.records(e).stream()).toList();
        assertThat(records).allSatisfy(r -> assertThat(r.getOperations()).contains("ingest", "clean:nfkc"));
        assertThat(seal.getRecordCount()).isEqualTo(records.size()).isEqualTo(40 - 2 - 5);
        assertThat(seal.getBatchCount()).isEqualTo(out.size() - 1);
        StageReport report = report(key);
        assertThat(report.getStatus()).isEqualTo(StageStatus.COMPLETED);
        assertThat(report.getRecordsIn()).isEqualTo(40);
        assertThat(report.getDropped()).containsEntry("empty_text", 2L).containsEntry("exact_duplicate", 5L);
        assertThat(report.getDeadLettered()).isEqualTo(2);
        assertThat(report.getConfig()).containsEntry("balance", "none").containsEntry("clean.near-duplicates", "off");
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestSupport.drain(Topics.dlq(RAW), new StringDeserializer(),
                new ByteArrayDeserializer(), l -> l.stream().filter(r -> key.equals(r.key())).count() >= 2, Duration.ofSeconds(60));
        assertThat(dead.stream().filter(r -> key.equals(r.key())))
                .allSatisfy(r -> assertThat(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.STAGE)).isEqualTo("clean"));
    }

    private static void publish(String key, List<DatasetEvent> events) {
        EventSerializer<DatasetEvent> write = new EventSerializer<>(DatasetEvent.class);
        try (KafkaProducer<String, byte[]> producer = KafkaTestSupport.transactionalProducer(new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < events.size(); i++) {
                if (i == 7 || i == 21) {
                    producer.send(new ProducerRecord<>(RAW, key, ("poison " + i).getBytes(StandardCharsets.UTF_8)));
                }
                producer.send(new ProducerRecord<>(RAW, key, write.serialize(RAW, events.get(i))));
            }
            producer.commitTransaction();
        }
    }

    private static List<DatasetEvent> drainVersion(String topic, String key) {
        EventDeserializer<DatasetEvent> read = new EventDeserializer<>(DatasetEvent.class);
        List<ConsumerRecord<String, byte[]>> records = KafkaTestSupport.drain(topic, new StringDeserializer(),
                new ByteArrayDeserializer(), l -> l.stream().anyMatch(r -> key.equals(r.key())
                        && read.deserialize(topic, r.value()).getBody() instanceof DatasetSeal), Duration.ofSeconds(120));
        return records.stream().filter(r -> key.equals(r.key())).map(r -> read.deserialize(topic, r.value())).toList();
    }

    private static StageReport report(String key) {
        EventDeserializer<StageReport> read = new EventDeserializer<>(StageReport.class);
        String topic = Topics.name(null, Topics.DATASETS_REPORTS);
        return KafkaTestSupport.drain(topic, new StringDeserializer(), new ByteArrayDeserializer(),
                        l -> l.stream().anyMatch(r -> key.equals(r.key()) && read.deserialize(topic, r.value()).getStage().equals("clean")),
                        Duration.ofSeconds(60)).stream()
                .filter(r -> key.equals(r.key())).map(r -> read.deserialize(topic, r.value()))
                .filter(r -> r.getStage().equals("clean")).findFirst().orElseThrow();
    }

    static DatasetEvent record(String id, int i, String text, String label) {
        DatasetRecord r = DatasetRecord.newBuilder().setRecordId(String.format("r%03d", i)).setSourceRecordId("s" + i)
                .setText(text).setLabel(label).setOperations(new ArrayList<>(List.of("ingest"))).build();
        return event(id, "e" + i, r);
    }

    static DatasetEvent seal(String id, long count, Map<String, String> config) {
        return event(id, "seal", DatasetSeal.newBuilder().setRecordCount(count).setConfig(config).build());
    }

    private static DatasetEvent event(String id, String eventId, Object body) {
        return DatasetEvent.newBuilder().setEventId(id + "-" + eventId).setDatasetId(id).setVersion("1").setStage("ingest")
                .setProducedAt(Instant.ofEpochMilli(1_764_000_000_000L)).setBody(body).build();
    }
}
