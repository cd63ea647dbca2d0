package io.tunestream.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/** Assigns a consumer every partition of a topic, once the topic exists, positioned at the beginning. */
final class TopicAssignment {

    private TopicAssignment() {
    }

    static void assignAllFromStart(Consumer<?, ?> consumer, String topic, long deadlineNanos) {
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty() && System.nanoTime() < deadlineNanos) {
            partitions = partitionsOf(consumer, topic);
            if (partitions.isEmpty()) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // metadata back-off, not a test sleep
            }
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private static List<TopicPartition> partitionsOf(Consumer<?, ?> consumer, String topic) {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(1));
            return infos == null ? List.of()
                    : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        } catch (TimeoutException e) {
            return List.of();
        }
    }
}
