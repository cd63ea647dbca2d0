package io.tunestream.registry.streams;

import io.quarkus.runtime.ShutdownEvent;
import io.tunestream.registry.config.RegistryConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

/**
 * SIGTERM: closes the registry's Kafka Streams with a bounded grace, leaving the group, before the Kafka Streams
 * extension's own close (which waits without bound and keeps the membership until the session times out). A clean
 * close lets the registration in hand finish, then commits its exactly-once transaction (stores, {@code models},
 * {@code deployments} and the input offset together); past the grace it stops without committing, and the
 * replacement applies the evaluation again, idempotently by evaluation id (no second model version).
 */
@ApplicationScoped
public class RegistryShutdown {

    private static final Logger LOG = Logger.getLogger(RegistryShutdown.class);

    private final KafkaStreams streams;
    private final RegistryConfig config;

    public RegistryShutdown(KafkaStreams streams, RegistryConfig config) {
        this.streams = streams;
        this.config = config;
    }

    /** Runs before the Kafka Streams extension's observer (lower priority value first). */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        LOG.infof("Registry stopping: closing Kafka Streams (state %s) within %s, leaving the group", streams.state(),
                config.shutdownGrace());
        if (streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(config.shutdownGrace()))) {
            LOG.infof("Registry stopped cleanly (state %s)", streams.state());
        } else {
            LOG.warnf("Registry did not stop within %s: the registration in hand is not committed and is applied "
                    + "again by the next instance", config.shutdownGrace());
        }
    }
}
