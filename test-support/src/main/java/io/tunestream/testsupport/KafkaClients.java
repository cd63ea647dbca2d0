package io.tunestream.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.tunestream.kafka.toolkit.TopicProvisioner;
import io.tunestream.kafka.toolkit.TopicSpec;

/**
 * Test clients for one broker address (the shared embedded broker, an external one, or a container): topic
 * creation, producers, and a read_committed consumer that drains a topic until a condition holds.
 *
 * @param bootstrapServers the broker address
 */
public record KafkaClients(String bootstrapServers) {

    /** Creates the topics that do not exist yet. */
    public void createTopics(TopicSpec... topics) {
        TopicProvisioner.ensureTopics(bootstrapServers, Arrays.asList(topics));
    }

    /** Creates single-partition topics that do not exist yet. */
    public void createTopics(String... names) {
        TopicProvisioner.ensureTopics(bootstrapServers, Arrays.stream(names).map(n -> TopicSpec.of(n, 1)).toList());
    }

    /** An idempotent String producer. */
    public KafkaProducer<String, String> stringProducer() {
        return producer(Map.of(), new StringSerializer(), new StringSerializer());
    }

    /** A transactional producer with a unique transactional id; call {@code initTransactions()} first. */
    public <K, V> KafkaProducer<K, V> transactionalProducer(Serializer<K> keys, Serializer<V> values) {
        return producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID()), keys, values);
    }

    /** An idempotent producer with acks=all; {@code overrides} win over these defaults. */
    public <K, V> KafkaProducer<K, V> producer(Map<String, Object> overrides, Serializer<K> keys, Serializer<V> values) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putAll(overrides);
        return new KafkaProducer<>(config, keys, values);
    }

    /** Reads String records from the start of {@code topic} until {@code count} arrived or {@code timeout} passed. */
    public List<ConsumerRecord<String, String>> drainStrings(String topic, int count, Duration timeout) {
        return drain(topic, new StringDeserializer(), new StringDeserializer(), r -> r.size() >= count, timeout);
    }

    /**
     * Reads {@code topic} from the beginning with isolation level read_committed (every partition, no consumer group)
     * until {@code until} holds for the records read so far, or {@code timeout} passed; returns what it read.
     */
    public <K, V> List<ConsumerRecord<K, V>> drain(String topic, Deserializer<K> keys, Deserializer<V> values,
                                                   Predicate<List<ConsumerRecord<K, V>>> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(readCommittedConfig(), keys, values)) {
            TopicAssignment.assignAllFromStart(consumer, topic, deadline);
            while (!until.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).records(topic).forEach(records::add);
            }
        }
        return records;
    }

    private Map<String, Object> readCommittedConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }
}
