package io.tunestream.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tunestream.testsupport.KafkaTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-memory view of a compacted topic on a real KRaft broker: it survives a bad listener, and reports its death. */
@Timeout(60)
class CompactedTopicViewTest {

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer());
    }

    private static void write(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaTestSupport.stringProducer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    @Test
    void shouldKeepReadingWhenOneListenerThrows() throws Exception {
        // Given
        String topic = KafkaTestSupport.uniqueTopic("view");
        KafkaTestSupport.createTopics(topic);
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
        String topic = KafkaTestSupport.uniqueTopic("view");
        KafkaTestSupport.createTopics(topic);
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
}
