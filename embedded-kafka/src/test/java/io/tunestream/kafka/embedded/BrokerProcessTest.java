package io.tunestream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class BrokerProcessTest {

    @Test
    void shouldServeClientsAndLeaveNoProcessWhenClosed() {
        // Given
        BrokerProcess broker = BrokerProcess.start(BrokerSettings.defaults().withProperty("message.max.bytes", "2097152"));
        ProcessHandle child = broker.handle();
        String topic = "process-" + UUID.randomUUID();

        // When
        try (broker) {
            assertThat(child.isAlive()).isTrue();
            assertThat(ProcessHandle.current().children()).contains(child);
            TestTopics.create(broker.bootstrapServers(), topic, 2, true);
            assertThat(TopicInspection.cleanupPolicy(broker.bootstrapServers(), topic)).isEqualTo("compact");
        }

        // Then
        assertThat(child.isAlive()).isFalse();
        assertThat(ProcessHandle.current().children()).doesNotContain(child);
        assertThat(ProcessHandle.current().descendants().filter(p -> p.pid() == child.pid())).isEmpty();
    }

    @Test
    void shouldParseBrokerArgumentsWhenGivenOptions() {
        // Given
        String[] args = {"--port", "19092", "--controller-port", "19093", "--property", "message.max.bytes=5"};

        // When
        BrokerSettings settings = BrokerMain.parse(args);

        // Then
        assertThat(settings.port()).isEqualTo(19092);
        assertThat(settings.controllerPort()).isEqualTo(19093);
        assertThat(settings.extraProperties()).containsEntry("message.max.bytes", "5");
        assertThat(settings.logDir()).isNull();
    }

    @Test
    void shouldKeepAddressTopicsAndRecordsWhenRestartedInPlace(@TempDir Path logDir) throws Exception {
        // Given a broker on fixed ports with a kept log directory, and a record committed to a topic
        BrokerSettings settings = BrokerSettings.defaults().withPort(FreePort.pick())
                .withControllerPort(FreePort.pick()).withLogDir(logDir);
        BrokerProcess first = BrokerProcess.start(settings);
        String topic = "restart-" + UUID.randomUUID();
        TestTopics.create(first.bootstrapServers(), topic, 1, false);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "before the restart")).get();
        }

        // When it restarts
        try (BrokerProcess second = first.restart(Duration.ofSeconds(90))) {

            // Then the old process is gone, the new one answers on the same address and still has the record
            assertThat(first.handle().isAlive()).isFalse();
            assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers());
            assertThat(readAll(second.bootstrapServers(), topic)).containsExactly("before the restart");
        }
    }

    @Test
    void shouldRefuseToRestartInPlaceWhenPortsOrLogDirAreNotFixed() {
        // Given settings with free ports or a temporary log directory
        BrokerSettings free = BrokerSettings.defaults();
        BrokerSettings noLogDir = free.withPort(19092).withControllerPort(19093);

        // When / Then neither can restart in place, fixed ports with a log directory can
        assertThat(BrokerProcess.restartable(free)).isFalse();
        assertThat(BrokerProcess.restartable(noLogDir)).isFalse();
        assertThat(BrokerProcess.restartable(noLogDir.withLogDir(Path.of("kafka-data")))).isTrue();
    }

    private static List<String> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                List<String> values = consumer.poll(Duration.ofMillis(500)).records(tp).stream()
                        .map(ConsumerRecord::value).toList();
                if (!values.isEmpty()) {
                    return values;
                }
            }
            return List.of();
        }
    }
}
