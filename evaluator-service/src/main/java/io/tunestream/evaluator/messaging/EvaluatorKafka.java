package io.tunestream.evaluator.messaging;

import io.tunestream.evaluator.config.EvaluatorConfig;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.TrainingMetric;
import io.tunestream.schemas.serde.AnyEventSerializer;
import io.tunestream.schemas.serde.EventDeserializer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the evaluator's Kafka clients with explicit serdes (string keys, Avro single-object values). The broker
 * address comes from {@code kafka.bootstrap.servers} (env KAFKA_BOOTSTRAP_SERVERS).
 */
@ApplicationScoped
public class EvaluatorKafka {

    private final String bootstrapServers;
    private final EvaluatorConfig config;

    public EvaluatorKafka(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
            String bootstrapServers, EvaluatorConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    /** @return an idempotent producer of any event (evaluations, scoring results) */
    public KafkaProducer<String, SpecificRecord> eventProducer() {
        Map<String, Object> props = base();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), new AnyEventSerializer());
    }

    /** @return a producer of raw bytes, for dead-letter topics */
    public KafkaProducer<byte[], byte[]> rawProducer() {
        Map<String, Object> props = base();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * @param groupId the consumer group
     * @return a group consumer of raw values (decoded by the worker, so that refused records keep their bytes):
     *     manual commits, committed reads only, a poll interval long enough for one evaluation
     */
    public KafkaConsumer<String, byte[]> workerConsumer(String groupId) {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) config.maxEvaluationTime().toMillis());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1_048_576);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** @return a group-less read_committed consumer of dataset events */
    public KafkaConsumer<String, DatasetEvent> datasetConsumer() {
        return groupless(new EventDeserializer<>(DatasetEvent.class));
    }

    /** @return a group-less consumer of the registry's model versions */
    public KafkaConsumer<String, ModelVersion> modelsConsumer() {
        return groupless(new EventDeserializer<>(ModelVersion.class));
    }

    /** @return a group-less consumer of sweep states */
    public KafkaConsumer<String, io.tunestream.events.SweepState> sweepsConsumer() {
        return groupless(new EventDeserializer<>(io.tunestream.events.SweepState.class));
    }

    /** @return a group-less consumer of training metrics */
    public KafkaConsumer<String, TrainingMetric> metricsConsumer() {
        return groupless(new EventDeserializer<>(TrainingMetric.class));
    }

    private <T extends SpecificRecord> KafkaConsumer<String, T> groupless(EventDeserializer<T> values) {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1_048_576);
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }

    private Map<String, Object> base() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }
}
