package io.tunestream.ingest.health;

import io.tunestream.ingest.messaging.IngestStreams;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Not live once the ingest-topic stream has died (ERROR / shut down): a restart is the cure. */
@Liveness
@ApplicationScoped
public class StreamLivenessCheck implements HealthCheck {

    private final IngestStreams streams;

    public StreamLivenessCheck(IngestStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        boolean dead = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
        return HealthCheckResponse.named("ingest-topic-stream").status(!dead)
                .withData("state", state == null ? "disabled" : state.name()).build();
    }
}
