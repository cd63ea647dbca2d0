package io.tunestream.launcher.dlq.messaging;

import io.tunestream.launcher.dlq.domain.DeadLetter;
import io.tunestream.schemas.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a DLQ the way {@code tunestream dlq list} shows it, and the way a replay walks it: every partition from its
 * first offset to the end offsets seen at the start, {@code read_committed}, as raw bytes.
 */
public final class DeadLetterReader implements AutoCloseable {

    private static final Duration READ_LIMIT = Duration.ofSeconds(60);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String where;

    /**
     * A reader without a consumer group (nothing committed): the read-only {@code cli} user is enough.
     *
     * @param kafka how to reach the brokers
     */
    public DeadLetterReader(KafkaConnection kafka) {
        this(kafka, null);
    }

    DeadLetterReader(KafkaConnection kafka, String groupId) {
        Properties p = kafka.properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tunestream-dlq");
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.where = kafka.bootstrapServers();
    }

    /** Every dead letter of {@code dlq}, in partition then offset order. */
    public List<DeadLetter> readAll(String dlq) {
        List<DeadLetter> letters = new ArrayList<>();
        Map<TopicPartition, Long> end = assignFromStart(dlq);
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (!reached(end)) {
            checkDeadline(deadline, dlq);
            poll().forEach(r -> letters.add(DeadLetterRecords.of(r)));
        }
        return letters;
    }

    /**
     * Assigns every partition of {@code dlq} at its first offset.
     *
     * @return the end offsets to read up to
     * @throws IllegalArgumentException when the topic does not exist
     */
    Map<TopicPartition, Long> assignFromStart(String dlq) {
        List<PartitionInfo> infos = consumer.partitionsFor(dlq, Duration.ofSeconds(15));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + dlq + " does not exist on " + where
                    + " (is --topic-prefix right?)");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(dlq, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer.endOffsets(partitions);
    }

    Iterable<ConsumerRecord<byte[], byte[]>> poll() {
        return consumer.poll(Duration.ofMillis(200));
    }

    boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    static void checkDeadline(long deadline, String dlq) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("could not read " + dlq + " to its end within " + READ_LIMIT.toSeconds()
                    + " s");
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
