package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.ingest.domain.IngestCounts;
import io.tunestream.ingest.domain.ValidRecord;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.testsupport.KafkaTestSupport;
import io.tunestream.testsupport.SharedKafkaExtension;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill recovery of uploads against the real broker: an upload whose process died without aborting (its producer
 * force-closed, as SIGKILL leaves it) stalls its partition for read_committed readers until a new instance with the
 * same instance id starts; that instance's slot fencing aborts the dead transaction at once.
 */
@ExtendWith(SharedKafkaExtension.class)
@Timeout(120)
class UploadSlotsBrokerTest {

    /** Longer than the test: without fencing the stall would outlast it. */
    private static final int TRANSACTION_TIMEOUT_MS = 600_000;

    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final TopicNames topics = TopicNames.of(prefix);
    private final String idBase = "tunestream-ingest-" + prefix + "ingest-0";

    @Test
    void shouldMakeTheNextDatasetVisibleWithinSecondsWhenAKilledInstanceIsReplaced() throws Exception {
        // Given one partition for every topic, and an upload of ds-a@1 in flight on instance ingest-0
        KafkaTestSupport.createTopics(topics.raw(), topics.catalog(), topics.reports());
        UploadSlots first = new UploadSlots(idBase, 1, this::producer);
        UploadSlots.Slot slot = first.tryAcquire().orElseThrow();
        CountDownLatch neverDone = new CountDownLatch(1);
        ExecutorService uploader = Executors.newSingleThreadExecutor();
        Future<IngestCounts> inFlight = uploader.submit(() -> publisher(slot.producer(), "ds-a").publish(sink -> {
            IngestCounts counts = new IngestCounts();
            for (int i = 0; i < 250; i++) {
                ValidRecord r = new ValidRecord("r" + i, "text " + i, i % 2 == 0 ? "ham" : "spam", null, null, Map.of());
                sink.accept(r);
                counts.accept(r);
            }
            try {
                neverDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return counts;
        }, Map.of()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> logEnd("read_uncommitted") >= 2);

        // When the process dies: its producer goes without aborting (a force-close sends no EndTxn)
        slot.producer().close(Duration.ZERO);
        long stableBefore = logEnd("read_committed");
        long writtenBefore = logEnd("read_uncommitted");

        // Then the partition is stalled: read_committed readers stop at the dead transaction's first record
        assertThat(stableBefore).as("last stable offset held back by the open transaction").isZero();
        assertThat(writtenBefore).isGreaterThanOrEqualTo(2);

        // When a new instance with the same id starts (fences its slots) and uploads the next dataset
        long started = System.nanoTime();
        UploadSlots second = new UploadSlots(idBase, 1, this::producer);
        second.fenceAll();
        UploadSlots.Slot next = second.tryAcquire().orElseThrow();
        IngestCounts counts = publisher(next.producer(), "ds-b").publish(sink -> {
            IngestCounts c = new IngestCounts();
            ValidRecord r = new ValidRecord("only", "hello", "ham", null, null, Map.of());
            sink.accept(r);
            c.accept(r);
            return c;
        }, Map.of());

        // Then a read_committed reader sees ds-b's seal within seconds, and nothing of ds-a
        List<ConsumerRecord<String, DatasetEvent>> seen = KafkaTestSupport.drain(topics.raw(), new StringDeserializer(),
                new EventDeserializer<>(DatasetEvent.class),
                events -> events.stream().anyMatch(e -> e.value().getBody() instanceof DatasetSeal),
                Duration.ofSeconds(15));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(counts.accepted()).isEqualTo(1);
        assertThat(seen).extracting(ConsumerRecord::key).containsOnly("ds-b@1");
        assertThat(seen).anyMatch(e -> e.value().getBody() instanceof DatasetSeal);
        assertThat(seconds).as("seconds until the next dataset was visible").isLessThan(15);
        assertThat(logEnd("read_committed")).isGreaterThan(writtenBefore);

        neverDone.countDown();
        uploader.shutdownNow();
        assertThat(inFlight).failsWithin(Duration.ofSeconds(30));
        second.close();
        first.close();
    }

    private UploadPublisher publisher(Producer<String, SpecificRecord> producer, String datasetId) {
        return new UploadPublisher(producer, topics, new DatasetEventFactory(datasetId, "1"), 100);
    }

    private Producer<String, SpecificRecord> producer(String transactionalId) {
        Map<String, Object> props = new HashMap<>(KafkaClients.throughputSettings());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        return new KafkaProducer<>(props, new StringSerializer(), new DatasetOrReportSerializer());
    }

    /** The raw topic's end offset as a consumer of this isolation level sees it (read_committed: the stable offset). */
    private long logEnd(String isolation) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topics.raw(), 0);
            return consumer.endOffsets(List.of(p)).get(p);
        }
    }
}
