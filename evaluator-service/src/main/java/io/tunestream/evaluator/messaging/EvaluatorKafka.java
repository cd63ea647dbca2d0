package io.tunestream.evaluator.messaging;

import io.tunestream.evaluator.config.EvaluatorConfig;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.events.Evaluation;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.SweepState;
import io.tunestream.events.TrainingMetric;
import io.tunestream.metrics.ConsumerLagMetrics;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.kafka.toolkit.EventClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The evaluator's Kafka clients: {@link EventClients}' shared settings plus the evaluator's own. The broker address
 * comes from {@code kafka.bootstrap.servers} (env KAFKA_BOOTSTRAP_SERVERS), the connection security from
 * {@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.*} (env KAFKA_SECURITY_PROTOCOL, ...).
 * Every group consumer's lag is on /q/metrics ({@link ConsumerLagMetrics}).
 */
@ApplicationScoped
public class EvaluatorKafka {

    private final EventClients clients;
    private final EvaluatorConfig config;
    private final ConsumerLagMetrics lag;

    public EvaluatorKafka(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
            String bootstrapServers, Config mpConfig, EvaluatorConfig config, ConsumerLagMetrics lag) {
        this.clients = new EventClients(
                KafkaConnection.fromConfig(bootstrapServers, key -> mpConfig.getOptionalValue(key, String.class)));
        this.config = config;
        this.lag = lag;
    }

    /** @return an idempotent producer of any event (evaluations, scoring results) */
    public KafkaProducer<String, SpecificRecord> eventProducer() {
        return clients.eventProducer(Map.of());
    }

    /** @return a producer of raw bytes, for dead-letter topics */
    public KafkaProducer<byte[], byte[]> rawProducer() {
        return clients.rawProducer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576));
    }

    /**
     * @param groupId the consumer group
     * @return a group consumer of raw values (decoded by the worker, so that refused records keep their bytes):
     *     manual commits, committed reads only, a poll interval long enough for one evaluation
     */
    public KafkaConsumer<String, byte[]> workerConsumer(String groupId) {
        return lag.bind(clients.groupConsumer(groupId, new ByteArrayDeserializer(), Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) config.maxEvaluationTime().toMillis(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1_048_576,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, config.sessionTimeout().toMillis() / 3))),
                groupId);
    }

    /** @return a group-less read_committed consumer of dataset events */
    public KafkaConsumer<String, DatasetEvent> datasetConsumer() {
        return clients.reader(DatasetEvent.class);
    }

    /** @return a group-less read_committed consumer of the dataset index */
    public KafkaConsumer<String, DatasetIndexEntry> datasetIndexConsumer() {
        return clients.reader(DatasetIndexEntry.class);
    }

    /** @return a group-less consumer of the registry's model versions */
    public KafkaConsumer<String, ModelVersion> modelsConsumer() {
        return clients.reader(ModelVersion.class);
    }

    /** @return a group-less consumer of sweep states */
    public KafkaConsumer<String, SweepState> sweepsConsumer() {
        return clients.reader(SweepState.class);
    }

    /** @return a group-less consumer of checkpoint chunks (a missed final checkpoint, reassembled from the log) */
    public KafkaConsumer<String, Checkpoint> checkpointsConsumer() {
        return clients.reader(Checkpoint.class);
    }

    /** @return a group-less consumer of published evaluations */
    public KafkaConsumer<String, Evaluation> evaluationsConsumer() {
        return clients.reader(Evaluation.class);
    }

    /** @return a group-less consumer of training metrics */
    public KafkaConsumer<String, TrainingMetric> metricsConsumer() {
        return clients.reader(TrainingMetric.class);
    }
}
