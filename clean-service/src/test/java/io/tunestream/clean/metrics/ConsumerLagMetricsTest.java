package io.tunestream.clean.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The consumer lag of clean-service's Kafka Streams application on its real /q/metrics: one series per partition
 * of its input topic, tagged with the consumer group (the application id), 0 once a dataset version is processed.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(180)
class ConsumerLagMetricsTest {

    private static final String RAW = Topics.name(null, Topics.DATASETS_RAW);
    private static final String LAG = "kafka_consumer_fetch_manager_records_lag{";

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void shouldShowTheGroupsLagPerPartitionFallingToZeroWhenTheStageHasCaughtUp() throws Exception {
        // Given a raw dataset version of 30 records and its seal
        String id = "lag-" + UUID.randomUUID().toString().substring(0, 8);
        List<DatasetEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(event(id, "e" + i, DatasetRecord.newBuilder().setRecordId("r" + i).setSourceRecordId("s" + i)
                    .setText("message " + i + " about meetings").setLabel(i % 2 == 0 ? "ham" : "spam")
                    .setOperations(new ArrayList<>(List.of("ingest"))).build()));
        }
        events.add(event(id, "seal", DatasetSeal.newBuilder().setRecordCount(30).setConfig(Map.of("balance", "none"))
                .build()));

        // When it is published and the stage works through it
        publish(DatasetKeys.of(id, "1"), events);

        // Then the partition it went to has a lag series of group tunestream-clean, and every series is 0 in the end
        String group = "consumer_group=\"tunestream-clean\"";
        String topic = "topic=\"" + RAW + "\"";
        String partition = "partition=\"" + partitionOf(DatasetKeys.of(id, "1")) + "\"";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                lagLines(group, topic, partition).size() == 1
                        && lagLines(group, topic).stream().allMatch(l -> l.endsWith(" 0.0")));
        // and no client is bound twice (Quarkus' own, untagged Kafka binder is off)
        assertThat(lagLines()).allSatisfy(l -> assertThat(l).contains("consumer_group=\""));
    }

    private List<String> lagLines(String... labels) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(LAG)).filter(l -> List.of(labels).stream().allMatch(l::contains))
                .toList();
    }

    /** The default partitioner's choice for a key. */
    private static int partitionOf(String key) {
        try (KafkaProducer<String, String> producer = KafkaTestSupport.stringProducer()) {
            int partitions = producer.partitionsFor(RAW).size();
            return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
        }
    }

    private static void publish(String key, List<DatasetEvent> events) {
        EventSerializer<DatasetEvent> write = new EventSerializer<>(DatasetEvent.class);
        try (KafkaProducer<String, byte[]> producer = KafkaTestSupport.transactionalProducer(new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            events.forEach(e -> producer.send(new ProducerRecord<>(RAW, key, write.serialize(RAW, e))));
            producer.commitTransaction();
        }
    }

    private static DatasetEvent event(String id, String eventId, Object body) {
        return DatasetEvent.newBuilder().setEventId(id + "-" + eventId).setDatasetId(id).setVersion("1")
                .setStage("ingest").setProducedAt(Instant.now()).setBody(body).build();
    }
}
