package io.tunestream.kafka.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-memory view of a compacted topic: it survives a bad listener and failed reads, and reports its death. */
@Timeout(60)
class CompactedTopicViewTest {

    private static KafkaConsumer<String, String> consumer() {
        return TestBroker.consumer(null, new StringDeserializer());
    }

    private static void write(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = TestBroker.producer(new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    @Test
    void shouldKeepReadingWhenOneListenerThrows() throws Exception {
        // Given
        String topic = TestBroker.createTopic("view", 1);
        AtomicInteger seen = new AtomicInteger();
        try (CompactedTopicView<String> view = new CompactedTopicView<>(consumer(), topic)) {
            view.onUpdate(v -> {
                throw new IllegalStateException("listener bug");
            });
            view.onUpdate(v -> seen.incrementAndGet());
            view.start();

            // When
            write(topic, "a", "1");
            write(topic, "b", "2");

            // Then
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(view.snapshot()).containsOnlyKeys("a", "b"));
            assertThat(seen).hasValue(2);
            assertThat(view.alive()).isTrue();
            assertThat(view.failure()).isEmpty();
        }
    }

    @Test
    void shouldReportItsDeathWhenTheConsumerThreadDies() throws Exception {
        // Given: an Error escapes the loop (as an OutOfMemoryError or a linkage error would)
        String topic = TestBroker.createTopic("view", 1);
        try (CompactedTopicView<String> view = new CompactedTopicView<>(consumer(), topic)) {
            view.onUpdate(v -> {
                throw new AssertionError("fatal");
            });
            view.start();
            assertThat(view.alive()).isTrue();

            // When
            write(topic, "a", "1");

            // Then
            // the thread dies of an uncaught error on purpose: Awaitility must not fail the test for it
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> !view.alive());
            assertThat(view.failure()).get().isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void shouldKeepReadingWhenAReadFailsAsDuringABrokerOutage() throws Exception {
        // Given a view whose consumer fails one poll as it does while the broker is away
        TopicPartition tp = new TopicPartition("tunestream.training.jobs", 0);
        MockConsumer<String, String> mock = new MockConsumer<>("earliest");
        mock.updatePartitions(tp.topic(), List.of(new PartitionInfo(tp.topic(), 0, null, null, null)));
        mock.updateBeginningOffsets(Map.of(tp, 0L));
        mock.updateEndOffsets(Map.of(tp, 0L));
        mock.setPollException(new TimeoutException("broker away"));
        try (CompactedTopicView<String> view = new CompactedTopicView<>(mock, tp.topic()).start()) {
            // When a value arrives after the outage
            mock.schedulePollTask(() -> mock.addRecord(new ConsumerRecord<>(tp.topic(), 0, 0, "job-1", "RUNNING")));

            // Then the view read it, counted the failed read, and is alive
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(view.get("job-1")).contains("RUNNING"));
            assertThat(view.readErrors()).isEqualTo(1);
            assertThat(view.alive()).isTrue();
            assertThat(view.failure()).isEmpty();
        }
    }
}
