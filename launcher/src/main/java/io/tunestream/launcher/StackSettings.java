package io.tunestream.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.tunestream.kafka.embedded.BrokerSettings;

/**
 * What an {@link EmbeddedStack} starts.
 *
 * @param brokerMode   where the broker runs
 * @param broker       the broker's ports, log directory and extra properties
 * @param topics       the topics to create
 * @param services     the service JVMs to start, in order
 * @param logDir       where service output goes ({@code <name>.log})
 * @param readyTimeout how long to wait for the broker and for each service to be ready
 * @param secureKafka  SASL SCRAM with ACLs ({@link io.tunestream.schemas.KafkaAccessPolicy}) and a random password
 *                     per user and stack (true: the default), or a PLAINTEXT broker anyone may write to
 */
public record StackSettings(BrokerMode brokerMode, BrokerSettings broker, TopicCatalog topics,
                            List<ServiceSpec> services, Path logDir, Duration readyTimeout, boolean secureKafka) {

    /** A stack whose broker runs SASL SCRAM with ACLs. */
    public StackSettings(BrokerMode brokerMode, BrokerSettings broker, TopicCatalog topics,
                         List<ServiceSpec> services, Path logDir, Duration readyTimeout) {
        this(brokerMode, broker, topics, services, logDir, readyTimeout, true);
    }

    public StackSettings {
        Objects.requireNonNull(brokerMode, "brokerMode");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(topics, "topics");
        services = List.copyOf(services);
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
    }

    /** A broker child process, the default topics, no services, logs under {@code .tunestream/logs}. */
    public static StackSettings defaults() {
        return new StackSettings(BrokerMode.PROCESS, BrokerSettings.defaults(), StackTopics.defaults(), List.of(),
                Path.of(".tunestream", "logs"), Duration.ofSeconds(120));
    }

    /** A copy with another broker mode. */
    public StackSettings withBrokerMode(BrokerMode mode) {
        return new StackSettings(mode, broker, topics, services, logDir, readyTimeout, secureKafka);
    }

    /** A copy with other services. */
    public StackSettings withServices(List<ServiceSpec> newServices) {
        return new StackSettings(brokerMode, broker, topics, newServices, logDir, readyTimeout, secureKafka);
    }

    /** A copy that writes service logs under {@code dir}. */
    public StackSettings withLogDirectory(Path dir) {
        return new StackSettings(brokerMode, broker, topics, services, dir, readyTimeout, secureKafka);
    }

    /** A copy with a SASL broker ({@code true}) or a PLAINTEXT one. */
    public StackSettings withSecureKafka(boolean secure) {
        return new StackSettings(brokerMode, broker, topics, services, logDir, readyTimeout, secure);
    }
}
