package io.tunestream.testsupport;

import java.util.ServiceConfigurationError;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A containerised Apache Kafka of the same version as the embedded broker (and Apicurio Registry of the embedded
 * registry's version), for tests that also run where Docker exists. Every broker suite runs on the container with
 * {@code -Dtunestream.test.broker=container} ({@link TestBroker}). Pattern: write the test body once in an abstract class with an abstract {@code bootstrapServers()}; one
 * subclass returns {@link KafkaTestSupport#bootstrapServers()}, another is annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)} and returns the address of a {@code @Container} made here
 * (reported as skipped, "Docker is not available", where there is no Docker).
 */
public final class KafkaContainers {

    /** The image matching the embedded broker's Kafka version. */
    public static final DockerImageName APACHE_KAFKA = DockerImageName.parse("apache/kafka:4.1.2");

    private KafkaContainers() {
    }

    /** The Apicurio Registry image matching the embedded registry (schema-registry-server). */
    public static final DockerImageName APICURIO_REGISTRY = DockerImageName.parse("apicurio/apicurio-registry-mem:2.4.2.Final");

    /** Whether Testcontainers finds a Docker engine (cached by Testcontainers after the first probe). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | ServiceConfigurationError e) {
            return false; // no engine; or, inside a Quarkus class loader, Testcontainers' strategies do not load
        }
    }

    /**
     * A new, not yet started, Apicurio Registry (in-memory) whose {@code /apis/registry/v2} and {@code /apis/ccompat/v7}
     * answer on the mapped port 8080: the container counterpart of {@code SchemaRegistryProcess}.
     */
    public static GenericContainer<?> apicurioRegistry() {
        return new GenericContainer<>(APICURIO_REGISTRY).withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects").forStatusCode(200));
    }

    /** A new, not yet started, one-node KRaft Kafka container. */
    public static KafkaContainer apacheKafka() {
        return new KafkaContainer(APACHE_KAFKA)
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    }
}
