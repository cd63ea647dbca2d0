package io.tunestream.testsupport;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A containerised Apache Kafka of the same version as the embedded broker, for tests that also run where Docker
 * exists. Pattern: write the test body once in an abstract class with an abstract {@code bootstrapServers()}; one
 * subclass returns {@link KafkaTestSupport#bootstrapServers()}, another is annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)} and returns the address of a {@code @Container} made here
 * (reported as skipped, "Docker is not available", where there is no Docker).
 */
public final class KafkaContainers {

    /** The image matching the embedded broker's Kafka version. */
    public static final DockerImageName APACHE_KAFKA = DockerImageName.parse("apache/kafka:4.1.2");

    private KafkaContainers() {
    }

    /** A new, not yet started, one-node KRaft Kafka container. */
    public static KafkaContainer apacheKafka() {
        return new KafkaContainer(APACHE_KAFKA)
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    }
}
