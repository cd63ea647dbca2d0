package io.tunestream.trainer.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tunestream.events.JobStatus;
import io.tunestream.events.SweepState;
import io.tunestream.events.TrainingMetric;
import io.tunestream.kafka.toolkit.DeadLetterWriter;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaTestSupport;
import io.tunestream.testsupport.SharedKafkaExtension;
import io.tunestream.trainer.sweep.SweepRequestValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sweep controller against a real broker: a sweep record it cannot decode is dead-lettered and counted. */
@ExtendWith(SharedKafkaExtension.class)
@Timeout(120)
class SweepControllerDeadLetterTest {

    @Test
    void shouldDeadLetterAndCountAnUndecodableSweepRecordWhenTheControllerReadsIt() throws Exception {
        // Given a sweeps topic holding bytes that are no SweepState
        String prefix = "sweep-dlq-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        TopicNames topics = TopicNames.of(prefix);
        String sweeps = Topics.name(prefix, Topics.SWEEPS);
        KafkaTestSupport.createTopics(topics.metrics(), topics.jobs(), topics.requests(), sweeps, Topics.dlq(sweeps));
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = KafkaTestSupport.producer(Map.of(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(sweeps, "sweep-1", garbage)).get();
        }
        SweepController controller = controller(topics, sweeps);
        Thread thread = new Thread(controller, "sweep-controller-test");

        // When
        thread.start();
        try {
            List<ConsumerRecord<String, byte[]>> dead = KafkaTestSupport.drain(Topics.dlq(sweeps),
                    new StringDeserializer(), new ByteArrayDeserializer(), r -> !r.isEmpty(), Duration.ofSeconds(60));

            // Then
            assertThat(dead).hasSize(1);
            ConsumerRecord<String, byte[]> letter = dead.get(0);
            assertThat(letter.key()).isEqualTo("sweep-1");
            assertThat(letter.value()).isEqualTo(garbage);
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON))
                    .isEqualTo(SweepController.UNDECODABLE);
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE)).isEqualTo("trainer");
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(sweeps);
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
            await().atMost(Duration.ofSeconds(30)).until(() -> controller.deadLettered() == 1);
            assertThat(controller.skipped()).isZero();
        } finally {
            controller.stop();
            thread.join(Duration.ofSeconds(15).toMillis());
        }
    }

    private static SweepController controller(TopicNames topics, String sweeps) {
        Producer<String, SpecificRecord> transactional = KafkaTestSupport.transactionalProducer(new StringSerializer(),
                new EventSerializer<>());
        DeadLetterWriter deadLetters = new DeadLetterWriter(KafkaTestSupport.producer(Map.of(),
                new ByteArraySerializer(), new ByteArraySerializer()), "trainer");
        return new SweepController(consumer("sweeps-" + UUID.randomUUID(), SweepState.class),
                consumer(null, TrainingMetric.class), consumer(null, JobStatus.class), transactional, topics, sweeps,
                new SweepRequestValidator(), deadLetters);
    }

    private static <V extends SpecificRecord> KafkaConsumer<String, V> consumer(String group, Class<V> type) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer<>(type));
    }
}
