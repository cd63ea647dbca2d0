package io.tunestream.registry.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.tunestream.registry.artifact.FileArtifactStore;
import io.tunestream.registry.artifact.RetryingArtifactStore;
import io.tunestream.registry.config.RegistryConfig;
import io.tunestream.registry.domain.ArtifactLinks;
import io.tunestream.registry.domain.ModelRegistry;
import io.tunestream.registry.domain.RegistryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import io.tunestream.schemas.KafkaConnection;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Wires the registry topology for Quarkus Kafka Streams from the configuration. */
@ApplicationScoped
public class TopologyProducer {

    private final RegistryConfig config;
    private final MeterRegistry meters;
    private final KafkaConnection connection;

    TopologyProducer(RegistryConfig config, MeterRegistry meters,
                     @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers") String bootstrapServers,
                     Config mpConfig) {
        this.config = config;
        this.meters = meters;
        this.connection = connection(bootstrapServers, mpConfig);
    }

    /**
     * The registry's hand-built clients' brokers and security: the Kafka Streams brokers, with the {@code kafka.*}
     * security settings ({@link KafkaConnection}) that the Kafka Streams settings of application.properties map too.
     */
    public static KafkaConnection connection(String bootstrapServers, Config mpConfig) {
        return KafkaConnection.fromConfig(bootstrapServers, key -> mpConfig.getOptionalValue(key, String.class));
    }

    /** The registry's topics under the configured prefix. */
    @Produces
    @Singleton
    RegistryTopics topics() {
        return RegistryTopics.withPrefix(config.topicPrefix());
    }

    /** The artifact store under the configured root. */
    @Produces
    @Singleton
    FileArtifactStore artifactStore() {
        return new FileArtifactStore(Path.of(config.artifactRoot()),
                config.artifactSourceRoots().stream().map(Path::of).toList());
    }

    /** The topology; missing topics are created first so that Kafka Streams finds its sources. */
    @Produces
    @Singleton
    Topology topology(RegistryTopics topics, FileArtifactStore artifacts) {
        if (config.topics().create()) {
            RegistryTopicSetup.ensure(connection.clientProperties(), topics,
                    config.topics().partitions(), config.topics().replicationFactor());
        }
        RegistryPolicy policy = new RegistryPolicy(config.registerUnblessed(), config.autoPromoteDefault(),
                config.autoPromote(), config.deploymentResources());
        ModelRegistry registry = new ModelRegistry(policy, ArtifactLinks.of(config.publicUrl()));
        RetryingArtifactStore retrying = new RetryingArtifactStore(artifacts, config.artifactRetryAttempts(),
                config.artifactRetryFirstPause(), Duration.ofSeconds(8), RetryingArtifactStore.Pause.SLEEP);
        return RegistryTopology.build(topics, registry, retrying, new MicrometerRegistryMetrics(meters));
    }
}
