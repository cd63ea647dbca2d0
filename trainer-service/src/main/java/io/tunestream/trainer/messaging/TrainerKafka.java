package io.tunestream.trainer.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.JobStatus;
import io.tunestream.events.SweepState;
import io.tunestream.events.TrainingMetric;
import io.tunestream.events.TrainingRequest;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.AnyEventSerializer;
import io.tunestream.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the service's Kafka clients with explicit serdes (string keys, Avro single-object values), never
 * generated ones. The broker address comes from {@code kafka.bootstrap.servers} (env KAFKA_BOOTSTRAP_SERVERS).
 */
@ApplicationScoped
public class TrainerKafka {

    private final String bootstrapServers;
    private final TrainerConfig config;

    public TrainerKafka(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
            String bootstrapServers, TrainerConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    /** @return an idempotent producer of any event (status, metrics, checkpoints, requests) */
    public KafkaProducer<String, SpecificRecord> eventProducer() {
        Map<String, Object> props = base();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
        return new KafkaProducer<>(props, new StringSerializer(), new AnyEventSerializer());
    }

    /** @return a producer of raw bytes, for the dead-letter topic */
    public KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(base(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** @return the worker's consumer: one group, one request per poll, manual commits, committed reads only */
    public KafkaConsumer<String, TrainingRequest> requestConsumer() {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, config.sessionTimeout().toMillis() / 3));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new EventDeserializer<>(TrainingRequest.class));
    }

    /** @return a group-less read_committed consumer of dataset events (manual assignment) */
    public KafkaConsumer<String, DatasetEvent> datasetConsumer() {
        return groupless(new EventDeserializer<>(DatasetEvent.class));
    }

    /** @return a group-less consumer of training metrics (manual assignment) */
    public KafkaConsumer<String, TrainingMetric> metricsConsumer() {
        return groupless(new EventDeserializer<>(TrainingMetric.class));
    }

    /** @return a group-less consumer of sweep states (manual assignment: the REST view) */
    public KafkaConsumer<String, SweepState> sweepViewConsumer() {
        return groupless(new EventDeserializer<>(SweepState.class));
    }

    /**
     * @return the sweep controllers' consumer: one group over the sweeps topic, so one controller owns each sweep;
     *     a crashed owner's sweeps move to another instance after the session timeout
     */
    public KafkaConsumer<String, SweepState> sweepControllerConsumer() {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId() + "-sweeps");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, config.sessionTimeout().toMillis() / 3));
        return new KafkaConsumer<>(props, new StringDeserializer(), new EventDeserializer<>(SweepState.class));
    }

    /** @return a transactional producer (sweep state + trial requests in one transaction) */
    public KafkaProducer<String, SpecificRecord> transactionalProducer(String transactionalId) {
        Map<String, Object> props = base();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(props, new StringSerializer(), new AnyEventSerializer());
    }

    /** @return a group-less consumer of job statuses (manual assignment) */
    public KafkaConsumer<String, JobStatus> statusConsumer() {
        return groupless(new EventDeserializer<>(JobStatus.class));
    }

    private <T extends SpecificRecord> KafkaConsumer<String, T> groupless(EventDeserializer<T> values) {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1_048_576);
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }

    /** @return an admin client */
    public Admin admin() {
        return Admin.create(base());
    }

    private Map<String, Object> base() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }
}
