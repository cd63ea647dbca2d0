package io.tunestream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
}
