package io.tunestream.testsupport;

import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.kafka.toolkit.TopicProvisioner;
import io.tunestream.schemas.Topics;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the test JVM's shared broker:
 * {@code @QuarkusTestResource(KafkaBrokerResource.class)}. It sets {@code kafka.bootstrap.servers} (SmallRye
 * Reactive Messaging, Kafka client), {@value SharedKafkaBroker#BOOTSTRAP_PROPERTY}, and
 * {@value #STREAMS_BOOTSTRAP} when the Quarkus Kafka Streams extension is present (Quarkus warns about it otherwise).
 * The pipeline's topics ({@link TopicSpec#pipeline}, default prefix) are created if missing.
 * Stopping the resource leaves the broker running for the next test; the test session stops it.
 */
public final class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    /** The Quarkus Kafka Streams extension's broker address property. */
    public static final String STREAMS_BOOTSTRAP = "quarkus.kafka-streams.bootstrap-servers";
    private static final String STREAMS_EXTENSION_CLASS = "io.quarkus.kafka.streams.runtime.KafkaStreamsProducer";

    @Override
    public Map<String, String> start() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        // the pipeline's topics exist, as the embedded stack and the Kubernetes manifests create them
        TopicProvisioner.ensureTopics(bootstrap, TopicSpec.pipeline(Topics.DEFAULT_PREFIX, 3));
        Map<String, String> config = new HashMap<>();
        config.put(SharedKafkaBroker.QUARKUS_BOOTSTRAP_PROPERTY, bootstrap);
        config.put(SharedKafkaBroker.BOOTSTRAP_PROPERTY, bootstrap);
        if (hasKafkaStreamsExtension()) {
            config.put(STREAMS_BOOTSTRAP, bootstrap);
        }
        return config;
    }

    static boolean hasKafkaStreamsExtension() {
        try {
            Class.forName(STREAMS_EXTENSION_CLASS, false, KafkaBrokerResource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        // the broker is shared by the whole test JVM: KafkaSessionListener stops it at the end of the session
    }
}
