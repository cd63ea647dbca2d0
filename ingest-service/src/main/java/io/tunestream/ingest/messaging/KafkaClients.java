package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.ingest.config.IngestConfig;
import io.tunestream.schemas.serde.EventDeserializer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.avro.specific.SpecificRecord;
import io.tunestream.kafka.toolkit.NativeCompression;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.tunestream.schemas.KafkaConnection;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the Kafka clients of the service with explicit serdes (never generated ones): string keys,
 * tunestream events in Avro single-object encoding. The broker address comes from
 * {@code kafka.bootstrap.servers} (env {@code KAFKA_BOOTSTRAP_SERVERS}), the connection security from
 * {@code kafka.security.protocol}, {@code kafka.sasl.*} and {@code kafka.ssl.*} ({@link KafkaConnection}).
 */
@ApplicationScoped
public class KafkaClients {

    private final KafkaConnection connection;
    private final IngestConfig config;

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
                        String bootstrapServers, Config mpConfig, IngestConfig config) {
        this.connection = KafkaConnection.fromConfig(bootstrapServers, key -> mpConfig.getOptionalValue(key, String.class));
        this.config = config;
        NativeCompression.enable(); // uploads compress with LZ4: the JNI library, not lz4-java's Java fallback
    }

    /** The brokers and how to log in to them, shared by every client of the service (Kafka Streams included). */
    public KafkaConnection connection() {
        return connection;
    }

    /** This instance's name in its upload transactional ids: {@code instance-id}, else {@code HOSTNAME}, else the host name. */
    public String instanceId() {
        return config.instanceId().or(() -> Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()))
                .orElseGet(KafkaClients::hostName);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no host name: set tunestream.ingest.instance-id", e);
        }
    }

    /** A transactional producer of an upload slot ({@link UploadSlots}), not yet initialised. */
    public KafkaProducer<String, SpecificRecord> uploadProducer(String transactionalId) {
        Map<String, Object> props = base();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
        props.putAll(throughputSettings());
        return new KafkaProducer<>(props, new StringSerializer(), new DatasetOrReportSerializer());
    }

    /** Producer settings shared by uploads and the benchmark's plain producer: batching and compression. */
    public static Map<String, Object> throughputSettings() {
        return Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    /** A read_committed consumer of dataset events, without a group (manual assignment). */
    public KafkaConsumer<String, DatasetEvent> catalogConsumer() {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new EventDeserializer<>(DatasetEvent.class));
    }

    public Admin admin() {
        Map<String, Object> props = base();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(props);
    }

    Map<String, Object> base() {
        return connection.clientProperties();
    }
}
