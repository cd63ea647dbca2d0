package io.tunestream.stage;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/** Kafka Streams settings a data stage runs with: exactly_once_v2 and room for large datasets. */
public final class StageStreamsConfig {

    private StageStreamsConfig() {
    }

    /**
     * Settings for a stage.
     *
     * @param applicationId consumer group and state prefix (one per stage)
     * @param bootstrap     broker addresses
     * @param stateDir      local state directory (unique per running instance)
     */
    public static Properties of(String applicationId, String bootstrap, String stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.putAll(overrides());
        return p;
    }

    /** The settings beyond id, bootstrap and state dir, also for Quarkus' kafka-streams configuration. */
    public static Properties overrides() {
        Properties p = new Properties();
        // A seal writes a whole dataset version in one transaction: give it minutes, not the 10 s EOS default.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "600000");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), "900000");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(64L * 1024 * 1024));
        return p;
    }
}
