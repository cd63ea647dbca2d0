package io.tunestream.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the test JVM's shared broker:
 * {@code @QuarkusTestResource(KafkaBrokerResource.class)}. It sets {@code kafka.bootstrap.servers} (SmallRye
 * Reactive Messaging), {@code quarkus.kafka-streams.bootstrap-servers} and {@value SharedKafkaBroker#BOOTSTRAP_PROPERTY}.
 * Stopping the resource leaves the broker running for the next test; the test session stops it.
 */
public final class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        return Map.of(
                SharedKafkaBroker.QUARKUS_BOOTSTRAP_PROPERTY, bootstrap,
                "quarkus.kafka-streams.bootstrap-servers", bootstrap,
                SharedKafkaBroker.BOOTSTRAP_PROPERTY, bootstrap);
    }

    @Override
    public void stop() {
        // the broker is shared by the whole test JVM: KafkaSessionListener stops it at the end of the session
    }
}
