package io.tunestream.clean.streams;

import io.quarkus.runtime.ShutdownEvent;
import io.tunestream.stage.StageShutdown;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * SIGTERM: closes clean-service's Kafka Streams with a bounded grace, leaving the group, before Quarkus' own unbounded
 * close runs ({@link StageShutdown}): the version in hand is finished and committed, or the stage stops without
 * committing it and the replacement redoes it.
 */
@ApplicationScoped
public class CleanShutdown {

    private final KafkaStreams streams;
    private final Duration grace;

    public CleanShutdown(KafkaStreams streams,
                        @ConfigProperty(name = "tunestream.stage.shutdown-grace", defaultValue = "25s") Duration grace) {
        this.streams = streams;
        this.grace = grace;
    }

    /** Runs before the Kafka Streams extension's observer (lower priority value first). */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        StageShutdown.close(streams, grace);
    }
}
