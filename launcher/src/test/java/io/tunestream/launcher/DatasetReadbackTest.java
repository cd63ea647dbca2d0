package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.kafka.embedded.EmbeddedKafkaBroker;
import io.tunestream.schemas.DatasetIndex;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.PreparedDatasets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Following a stage's output: a dead stage is not waited for, and what it wrote before dying is still read; a version
 * with an index entry is read from it, one without is scanned.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DatasetReadbackTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void shouldStopWaitingForASealWhenTheStageWritingTheTopicIsDeadButReadWhatItWrote() throws Exception {
        try (DatasetReadback readback = new DatasetReadback(broker.bootstrapServers())) {
            // Given a sealed version on the topic, written by a stage that has died since
            PreparedDatasets.publish(broker.bootstrapServers(), "ds", "1", PreparedDatasets.spamAssassin(5), Map.of());

            // When both that version and one that will never come are read, with a 10-minute deadline
            DatasetSnapshot written = readback.read(PreparedDatasets.TOPIC, "ds", "1", Duration.ofMinutes(10), () -> false);
            DatasetSnapshot never = readback.read(PreparedDatasets.TOPIC, "ds", "2", Duration.ofMinutes(10), () -> false);

            // Then the first is complete and the second is given up on long before the deadline (the test's own
            // timeout is 3 minutes)
            assertThat(written.complete()).isTrue();
            assertThat(written.records()).isEqualTo(10);
            assertThat(never.complete()).isFalse();
            assertThat(never.records()).isZero();
        }
    }

    @Test
    void shouldStartAtTheIndexEntryWhenTheIndexKnowsTheVersionAndScanWhenItDoesNot() throws Exception {
        try (DatasetReadback readback = new DatasetReadback(broker.bootstrapServers())) {
            // Given: three older versions, then one whose index entry points at where the topic ended before it (as
            // a stage writes it)
            String bootstrap = broker.bootstrapServers();
            List<PreparedDatasets.Row> rows = PreparedDatasets.spamAssassin(5);
            for (int v = 1; v <= 3; v++) {
                PreparedDatasets.publish(bootstrap, "ds", "old" + v, rows, Map.of());
            }
            long before = endOffset(bootstrap);
            PreparedDatasets.publish(bootstrap, "ds", "target", rows, Map.of());
            index(bootstrap, DatasetIndexEntry.newBuilder().setStage("augment").setTopic(PreparedDatasets.TOPIC)
                    .setDatasetId("ds").setVersion("target").setPartition(0).setFirstOffset(before).setRecordCount(10)
                    .setBatchCount(1).setProducedAt(Instant.now()).build());

            // When
            DatasetSnapshot target = readback.read(PreparedDatasets.TOPIC, "ds", "target", Duration.ofMinutes(1));
            DatasetReadback.Extent indexed = readback.lastExtent();
            DatasetSnapshot old = readback.read(PreparedDatasets.TOPIC, "ds", "old3", Duration.ofMinutes(1));
            DatasetReadback.Extent scanned = readback.lastExtent();

            // Then: the indexed read went through the version's batch and seal only; the other scanned the history
            assertThat(target.complete()).isTrue();
            assertThat(target.records()).isEqualTo(10);
            assertThat(indexed).isEqualTo(new DatasetReadback.Extent(before, true, 2));
            assertThat(before).isGreaterThanOrEqualTo(2 * 3);
            assertThat(old.complete()).isTrue();
            assertThat(scanned.indexed()).isFalse();
            assertThat(scanned.startOffset()).isZero();
            assertThat(scanned.polled()).isGreaterThanOrEqualTo(2 * 3); // the other test's versions may precede
        }
    }

    private static long endOffset(String bootstrap) {
        TopicPartition tp = new TopicPartition(PreparedDatasets.TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static void index(String bootstrap, DatasetIndexEntry entry) throws Exception {
        try (KafkaProducer<String, DatasetIndexEntry> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                bootstrap, "acks", "all"), new StringSerializer(), new EventSerializer<>(DatasetIndexEntry.class))) {
            producer.send(new ProducerRecord<>(Topics.name(null, Topics.DATASETS_INDEX),
                    DatasetIndex.key(entry.getTopic(), entry.getDatasetId(), entry.getVersion()), entry)).get();
        }
    }
}
