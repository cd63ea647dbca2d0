package io.tunestream.kafka.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tunestream.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The consumer loop, the dead-letter writer and the provisioner on a real KRaft broker: a request abandoned at
 * shutdown is worked again by the next instance of the group, a garbage record lands on the real DLQ topic.
 */
@Timeout(90)
class ConsumerLoopBrokerTest {

    private static final Deserializer<String> TEXT = (topic, bytes) -> {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("!")) {
            throw new IllegalArgumentException("not a request");
        }
        return text;
    };

    @Test
    void shouldHandAbandonedWorkToTheNextInstanceAndDeadLetterGarbage() throws Exception {
        // Given a topic with a garbage record and two requests
        String topic = TestBroker.createTopic("requests", 1);
        String group = "workers-" + topic;
        try (KafkaProducer<String, byte[]> producer = TestBroker.producer(new ByteArraySerializer())) {
            for (String value : List.of("!garbage", "job-1", "job-2")) {
                producer.send(new ProducerRecord<>(topic, value, value.getBytes(StandardCharsets.UTF_8))).get();
            }
        }

        // When a first instance starts job-1 and is stopped while it runs
        CountDownLatch running = new CountDownLatch(1);
        ConsumerLoop<String> first = new ConsumerLoop<>(TestBroker.consumer(group, new ByteArrayDeserializer()),
                settings(topic, group), (record, context) -> {
                    running.countDown();
                    Thread.sleep(60_000);
                }, Optional.of(writer()));
        first.start();
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        first.close();
        assertThat(first.awaitFinished(Duration.ofSeconds(20))).isTrue();

        // Then the group's offset stops before job-1 (the garbage was dead-lettered and committed)
        assertThat(committed(group, topic)).isEqualTo(1L);

        // When a second instance of the group starts
        List<String> worked = new CopyOnWriteArrayList<>();
        ConsumerLoop<String> second = new ConsumerLoop<>(TestBroker.consumer(group, new ByteArrayDeserializer()),
                settings(topic, group), (record, context) -> worked.add(record.value()), Optional.of(writer()));
        second.start();
        try {
            // Then it works job-1 again, then job-2, and commits past both
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(worked).containsExactly("job-1",
                    "job-2"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(committed(group, topic)).isEqualTo(3L));
        } finally {
            second.close();
            second.awaitFinished(Duration.ofSeconds(20));
        }
        // and the garbage is on the real DLQ with its bytes and reason
        List<ConsumerRecord<String, byte[]>> dead = readAll(topic + ".dlq", 1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("!garbage");
        assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE");
        assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
    }

    @Test
    void shouldCreateOnlyMissingTopicsWhenProvisioningTwice() {
        // Given
        List<TopicSpec> specs = List.of(TopicSpec.of("prov-" + System.nanoTime(), 2),
                TopicSpec.compacted("prov-c-" + System.nanoTime(), 1));

        // When
        Set<String> first = TopicProvisioner.ensureTopics(TestBroker.bootstrapServers(), specs);
        Set<String> second = TopicProvisioner.ensureTopics(TestBroker.bootstrapServers(), specs);

        // Then
        assertThat(first).hasSize(2);
        assertThat(second).isEmpty();
    }

    private static ConsumerLoopSettings<String> settings(String topic, String group) {
        return ConsumerLoopSettings.of("it-" + group, List.of(topic), TEXT).withShutdownGrace(Duration.ZERO);
    }

    private static DeadLetterWriter writer() {
        return new DeadLetterWriter(TestBroker.rawProducer(), "it");
    }

    private static Long committed(String group, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> reader = TestBroker.consumer(group, new ByteArrayDeserializer())) {
            var offset = reader.committed(Set.of(tp)).get(tp);
            return offset == null ? null : offset.offset();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = TestBroker.consumer(null, new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            reader.assign(List.of(tp));
            reader.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
