package io.tunestream.kafka.toolkit;

import io.tunestream.schemas.serde.AnyEventSerializer;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.KafkaConnection;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients the services build by hand (outside Kafka Streams), with the settings every one
 * of them shares: string keys, Avro single-object values through explicit serdes (never generated
 * ones), idempotent producers, committed reads from the earliest offset, manual commits. A service
 * adds only what is its own (a group's poll interval, a linger) through {@code extra}.
 */
public final class EventClients {

    /** Fetch size per partition for the readers: dataset batches and checkpoint chunks are up to 1 MB each. */
    static final int MAX_PARTITION_FETCH_BYTES = 4 * 1_048_576;

    private final KafkaConnection connection;

    /** @param connection the brokers ({@code kafka.bootstrap.servers}) and how to log in to them */
    public EventClients(KafkaConnection connection) {
        this.connection = connection;
    }

    /**
     * @return {@code bootstrap.servers} and the connection security, for an admin client or a client this class
     *     does not build (a new, mutable map)
     */
    public Map<String, Object> base() {
        return connection.clientProperties();
    }

    /**
     * @param extra settings of the caller's own (may override the defaults)
     * @return an idempotent producer (acks all) of any event
     */
    public KafkaProducer<String, SpecificRecord> eventProducer(Map<String, Object> extra) {
        Map<String, Object> props = base();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new AnyEventSerializer());
    }

    /**
     * @param extra settings of the caller's own
     * @return a producer of raw bytes, for dead-letter topics (a refused record keeps its bytes)
     */
    public KafkaProducer<byte[], byte[]> rawProducer(Map<String, Object> extra) {
        Map<String, Object> props = base();
        props.putAll(extra);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * @param type the events' class
     * @return a group-less consumer (manual assignment) reading committed events from the earliest offset
     */
    public <T extends SpecificRecord> KafkaConsumer<String, T> reader(Class<T> type) {
        Map<String, Object> props = readProps();
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES);
        return new KafkaConsumer<>(props, new StringDeserializer(), new EventDeserializer<>(type));
    }

    /**
     * @param groupId the consumer group
     * @param values the values' deserializer (raw bytes when the caller decodes, to dead-letter what it refuses)
     * @param extra settings of the caller's own (poll size, intervals, timeouts)
     * @return a group consumer reading committed records from the earliest offset, with manual commits
     */
    public <V> KafkaConsumer<String, V> groupConsumer(String groupId, Deserializer<V> values, Map<String, Object> extra) {
        Map<String, Object> props = readProps();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.putAll(extra);
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }

    private Map<String, Object> readProps() {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
