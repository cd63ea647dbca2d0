package io.tunestream.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import io.tunestream.kafka.toolkit.TopicSpec;

/**
 * Static helpers for tests against the test JVM's shared broker ({@link SharedKafkaBroker}, started on first use):
 * its address, unique topic names, topic creation, producers, and a read_committed consumer that drains a topic
 * until a condition holds. {@link #clients()} gives the same helpers as an object.
 */
public final class KafkaTestSupport {

    private KafkaTestSupport() {
    }

    /** The shared broker's address (starts it on first use). */
    public static String bootstrapServers() {
        return SharedKafkaBroker.bootstrapServers();
    }

    /** The helpers bound to the shared broker. */
    public static KafkaClients clients() {
        return new KafkaClients(bootstrapServers());
    }

    /** A topic name no other test uses: {@code prefix-<random>}. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Creates the topics that do not exist yet. */
    public static void createTopics(TopicSpec... topics) {
        clients().createTopics(topics);
    }

    /** Creates single-partition topics that do not exist yet. */
    public static void createTopics(String... names) {
        clients().createTopics(names);
    }

    /** An idempotent String producer. */
    public static KafkaProducer<String, String> stringProducer() {
        return clients().stringProducer();
    }

    /** An idempotent producer with acks=all; {@code overrides} win over these defaults. */
    public static <K, V> KafkaProducer<K, V> producer(Map<String, Object> overrides, Serializer<K> keys,
                                                      Serializer<V> values) {
        return clients().producer(overrides, keys, values);
    }

    /** A transactional producer with a unique transactional id; call {@code initTransactions()} first. */
    public static <K, V> KafkaProducer<K, V> transactionalProducer(Serializer<K> keys, Serializer<V> values) {
        return clients().transactionalProducer(keys, values);
    }

    /** Reads String records from the start of {@code topic} until {@code count} arrived or {@code timeout} passed. */
    public static List<ConsumerRecord<String, String>> drainStrings(String topic, int count, Duration timeout) {
        return clients().drainStrings(topic, count, timeout);
    }

    /** See {@link KafkaClients#drain}: read_committed, from the beginning, until the condition or the deadline. */
    public static <K, V> List<ConsumerRecord<K, V>> drain(String topic, Deserializer<K> keys, Deserializer<V> values,
                                                          Predicate<List<ConsumerRecord<K, V>>> until,
                                                          Duration timeout) {
        return clients().drain(topic, keys, values, until, timeout);
    }
}
