package io.tunestream.trainer.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.events.JobStatus;
import io.tunestream.events.StageReport;
import io.tunestream.events.SweepState;
import io.tunestream.events.TrainingMetric;
import io.tunestream.events.TrainingRecipe;
import io.tunestream.metrics.ConsumerLagMetrics;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.kafka.toolkit.DeadLetterWriter;
import io.tunestream.kafka.toolkit.EventClients;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The trainer's Kafka clients: {@link EventClients}' shared settings plus the trainer's own. The broker address
 * comes from {@code kafka.bootstrap.servers} (env KAFKA_BOOTSTRAP_SERVERS), the connection security from
 * {@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.*} (env KAFKA_SECURITY_PROTOCOL, ...).
 * Every group consumer's lag is on /q/metrics ({@link ConsumerLagMetrics}).
 */
@ApplicationScoped
public class TrainerKafka {

    private final EventClients clients;
    private final TrainerConfig config;
    private final ConsumerLagMetrics lag;

    public TrainerKafka(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
            String bootstrapServers, Config mpConfig, TrainerConfig config, ConsumerLagMetrics lag) {
        this.clients = new EventClients(
                KafkaConnection.fromConfig(bootstrapServers, key -> mpConfig.getOptionalValue(key, String.class)));
        this.config = config;
        this.lag = lag;
    }

    /** @return an idempotent producer of any event (status, metrics, checkpoints, requests) */
    public KafkaProducer<String, SpecificRecord> eventProducer() {
        return clients.eventProducer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576));
    }

    /** @return a producer of raw bytes, for the dead-letter topic */
    public KafkaProducer<byte[], byte[]> rawProducer() {
        return clients.rawProducer(Map.of());
    }

    /**
     * @return the worker's consumer: one group, one request per poll, manual commits, committed reads only; values
     *     stay raw bytes (the worker's loop decodes them, so an undecodable request is dead-lettered with its bytes)
     */
    public KafkaConsumer<String, byte[]> requestConsumer() {
        Map<String, Object> own = new HashMap<>(membership());
        own.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return lag.bind(clients.groupConsumer(config.groupId(), new ByteArrayDeserializer(), own), config.groupId());
    }

    /** @return the dead-letter writer of the trainer's consumers ({@code tunestream.dlq.stage=trainer}) */
    public DeadLetterWriter deadLetterWriter() {
        return new DeadLetterWriter(rawProducer(), "trainer");
    }

    /** @return a group-less read_committed consumer of dataset events (manual assignment) */
    public KafkaConsumer<String, DatasetEvent> datasetConsumer() {
        return clients.reader(DatasetEvent.class);
    }

    /** @return a group-less read_committed consumer of the dataset index (manual assignment) */
    public KafkaConsumer<String, DatasetIndexEntry> datasetIndexConsumer() {
        return clients.reader(DatasetIndexEntry.class);
    }

    /** @return a group-less read_committed consumer of stage reports (manual assignment) */
    public KafkaConsumer<String, StageReport> reportConsumer() {
        return clients.reader(StageReport.class);
    }

    /** @return a group-less consumer of training metrics (manual assignment) */
    public KafkaConsumer<String, TrainingMetric> metricsConsumer() {
        return clients.reader(TrainingMetric.class);
    }

    /** @return a group-less consumer of sweep states (manual assignment: the REST view) */
    public KafkaConsumer<String, SweepState> sweepViewConsumer() {
        return clients.reader(SweepState.class);
    }

    /**
     * @return the sweep controllers' consumer: one group over the sweeps topic, so one controller owns each sweep;
     *     a crashed owner's sweeps move to another instance after the session timeout
     */
    public KafkaConsumer<String, SweepState> sweepControllerConsumer() {
        String group = config.groupId() + "-sweeps";
        return lag.bind(clients.groupConsumer(group, new EventDeserializer<>(SweepState.class), membership()), group);
    }

    /** @return a transactional producer (sweep state + trial requests in one transaction) */
    public KafkaProducer<String, SpecificRecord> transactionalProducer(String transactionalId) {
        return clients.eventProducer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
    }

    /** @return a group-less consumer of recipe versions (manual assignment: the recipes view) */
    public KafkaConsumer<String, TrainingRecipe> recipeViewConsumer() {
        return clients.reader(TrainingRecipe.class);
    }

    /**
     * @return the recipe triggers' consumer of prepared datasets: one group, so each seal is judged by one trainer
     *     instance; offsets are committed in the trigger's transactions
     */
    public KafkaConsumer<String, byte[]> recipeTriggerConsumer() {
        String group = config.groupId() + "-recipes";
        return lag.bind(clients.groupConsumer(group, new ByteArrayDeserializer(), membership()), group);
    }

    /** @return a group-less consumer of job statuses (manual assignment) */
    public KafkaConsumer<String, JobStatus> statusConsumer() {
        return clients.reader(JobStatus.class);
    }

    /** @return an admin client */
    public Admin admin() {
        return Admin.create(clients.base());
    }

    /** How fast a dead member's work moves: the configured session timeout, heartbeats at a third of it. */
    private Map<String, Object> membership() {
        long session = config.sessionTimeout().toMillis();
        return Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, session / 3));
    }
}
