package io.tunestream.stage;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * Reads one key's messages of an input partition again, from the version's first offset up to its seal: the
 * retained input topic is where a stage finds a version's records that it no longer holds in memory (it restarted
 * or moved since they arrived, or let them go at the memory bound). read_committed, as the stage's own consumer, so
 * it sees exactly what the stage saw; the seal being committed, everything before it is decided.
 */
final class InputRereader implements AutoCloseable {

    /** How long a re-read may go without progress before the stage fails (and Kafka Streams retries). */
    private static final Duration STALL = Duration.ofMinutes(2);

    private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
    private KafkaConsumer<byte[], byte[]> consumer;

    InputRereader(Supplier<KafkaConsumer<byte[], byte[]>> consumers) {
        this.consumers = consumers;
    }

    /** A re-reader whose consumer has the stage's own connection settings (its Kafka Streams settings). */
    static InputRereader of(Map<String, Object> appConfigs, String clientId) {
        return new InputRereader(() -> {
            Map<String, Object> p = new HashMap<>(new StreamsConfig(appConfigs).getRestoreConsumerConfigs(clientId));
            p.remove(ConsumerConfig.GROUP_ID_CONFIG);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
            p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
            return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        });
    }

    /** @return every message under {@code key} with {@code from <= offset < to}, in log order */
    List<HeldMessage> read(String topic, int partition, String key, long from, long to) {
        if (consumer == null) {
            consumer = consumers.get();
        }
        byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        List<HeldMessage> messages = new ArrayList<>();
        long stallDeadline = System.nanoTime() + STALL.toNanos();
        while (consumer.position(tp) < to) {
            List<ConsumerRecord<byte[], byte[]>> batch = consumer.poll(Duration.ofMillis(500)).records(tp);
            if (!batch.isEmpty()) {
                stallDeadline = System.nanoTime() + STALL.toNanos();
            } else if (System.nanoTime() > stallDeadline) {
                throw new IllegalStateException("re-reading " + key + " from " + tp + " stalled at offset "
                        + consumer.position(tp) + " (reading " + from + " to " + to + ")");
            }
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                if (r.offset() >= to) {
                    break;
                }
                if (Arrays.equals(wanted, r.key())) {
                    messages.add(new HeldMessage(r.offset(), r.key(), r.value(), r.headers(), r.timestamp()));
                }
            }
        }
        consumer.unsubscribe();
        return messages;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
