package io.tunestream.testsupport;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The contract against Apache Kafka in a container; skipped ("Docker is not available") without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerRoundTripTest extends TransactionalRoundTripContract {

    @Container
    static final KafkaContainer KAFKA = KafkaContainers.apacheKafka();

    @Override
    protected String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
