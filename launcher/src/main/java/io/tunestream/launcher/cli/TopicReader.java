package io.tunestream.launcher.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tunestream.schemas.KafkaConnection;

import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics as an outside consumer would: {@code read_committed}, every partition, no consumer group, no
 * commits. Either a snapshot (from the beginning up to the end offsets seen at the start) or a live tail.
 */
final class TopicReader implements AutoCloseable {

    private final String bootstrap;
    private final KafkaConsumer<String, byte[]> consumer;

    TopicReader(KafkaConnection kafka) {
        this.bootstrap = kafka.toString();
        Properties p = kafka.properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tunestream-cli");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Every record of {@code topics} from the beginning to the end offsets as they are now, in partition order. */
    List<ConsumerRecord<String, byte[]>> snapshot(List<String> topics) {
        List<TopicPartition> partitions = assignFromStart(topics);
        Map<TopicPartition, Long> end = call(() -> consumer.endOffsets(partitions));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!reached(end) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** The latest value per key of a compacted topic (tombstones remove the key), in first-seen key order. */
    Map<String, byte[]> latestByKey(String topic) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : snapshot(List.of(topic))) {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        }
        return latest;
    }

    /** Assigns every partition of {@code topics}, positioned at the beginning, for a live tail with {@link #poll}. */
    List<TopicPartition> assignFromStart(List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = call(() -> consumer.partitionsFor(topic, Duration.ofSeconds(10)));
            if (infos == null || infos.isEmpty()) {
                throw new CliException("topic " + topic + " does not exist on " + bootstrap
                        + " (is --topic-prefix right?)");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /** Whatever arrived within {@code timeout}. */
    Iterable<ConsumerRecord<String, byte[]>> poll(Duration timeout) {
        return call(() -> consumer.poll(timeout));
    }

    /** Whether every assigned partition is read up to {@code end}. */
    boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** The end offsets of the assigned partitions now. */
    Map<TopicPartition, Long> endOffsets() {
        return call(() -> consumer.endOffsets(consumer.assignment()));
    }

    private <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (TimeoutException e) {
            throw new CliException("cannot reach Kafka at " + bootstrap + ": is the stack running? (" + e.getMessage() + ")");
        } catch (KafkaException e) {
            throw new CliException("Kafka at " + bootstrap + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
