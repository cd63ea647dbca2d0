package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.kafka.embedded.EmbeddedKafkaBroker;
import io.tunestream.testsupport.PreparedDatasets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Following a stage's output: a dead stage is not waited for, and what it wrote before dying is still read. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DatasetReadbackTest {

    @Test
    void shouldStopWaitingForASealWhenTheStageWritingTheTopicIsDeadButReadWhatItWrote() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                DatasetReadback readback = new DatasetReadback(broker.bootstrapServers())) {
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
}
