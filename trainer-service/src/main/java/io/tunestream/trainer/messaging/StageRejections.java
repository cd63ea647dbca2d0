package io.tunestream.trainer.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a data stage refused a dataset version: the stage reports topic ({@code datasets.reports}) holds one report
 * per stage and version, REJECTED with the stage's reason when it refused it. A rejected version never reaches the
 * prepared topic, so a job on it fails at once with that reason instead of waiting for a seal that never comes.
 */
final class StageRejections {

    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    private final Supplier<KafkaConsumer<String, StageReport>> consumers;
    private final String topic;

    StageRejections(Supplier<KafkaConsumer<String, StageReport>> consumers, String topic) {
        this.consumers = consumers;
        this.topic = topic;
    }

    /**
     * @return the latest REJECTED report of the version, if a stage refused it; empty when none did, or when the
     *     reports cannot be read (the job then waits for the version as before)
     */
    Optional<StageReport> of(String datasetId, String version) {
        try (KafkaConsumer<String, StageReport> consumer = consumers.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_LIMIT);
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_LIMIT);
            Optional<StageReport> rejected = Optional.empty();
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, StageReport> r : consumer.poll(Duration.ofMillis(200))) {
                    StageReport report = r.value();
                    if (report != null && datasetId.equals(report.getDatasetId())
                            && version.equals(report.getVersion()) && report.getStatus() == StageStatus.REJECTED) {
                        rejected = Optional.of(report);
                    }
                }
            }
            return rejected;
        } catch (KafkaException e) {
            return Optional.empty();
        }
    }

    private static boolean reached(KafkaConsumer<String, StageReport> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
