package io.tunestream.evaluator.messaging;

import io.tunestream.evaluator.report.TrainingPoint;
import io.tunestream.evaluator.service.CheckpointEvaluator;
import io.tunestream.events.MetricKind;
import io.tunestream.events.Split;
import io.tunestream.events.TrainingMetric;
import io.tunestream.stage.SealedDatasetReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.utils.Utils;

/** What the evaluation reads from Kafka besides checkpoints: the TEST split and the training curve. */
final class KafkaSources {

    private KafkaSources() {
    }

    /** The TEST split of a sealed prepared dataset version (read whole, checked against its seal). */
    static CheckpointEvaluator.TestSplit testSplit(SealedDatasetReader reader) {
        return (id, version) -> reader.read(id, version, r -> r.getSplit() == Split.TEST).records();
    }

    /**
     * A job's metrics, read from its partition of the metrics topic (key: job id) up to the end offset at the
     * time of the call.
     */
    static CheckpointEvaluator.Curves curves(Supplier<KafkaConsumer<String, TrainingMetric>> consumers, String topic) {
        return jobId -> {
            try (KafkaConsumer<String, TrainingMetric> consumer = consumers.get()) {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (partitions == null || partitions.isEmpty()) {
                    return List.of();
                }
                int p = Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions.size();
                TopicPartition tp = new TopicPartition(topic, p);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                List<TrainingPoint> points = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, TrainingMetric> r : poll(consumer)) {
                        if (jobId.equals(r.key()) && r.value() != null) {
                            points.add(point(r.value()));
                        }
                    }
                }
                points.sort(Comparator.comparingLong(TrainingPoint::step));
                return points;
            }
        };
    }

    private static TrainingPoint point(TrainingMetric m) {
        boolean eval = m.getKind() == MetricKind.EVAL;
        double loss = !eval && m.getTrainLoss() != null ? m.getTrainLoss() : Double.NaN;
        double val = eval && m.getValLoss() != null ? m.getValLoss() : Double.NaN;
        return new TrainingPoint(m.getStep(), m.getEpoch(), loss, val, m.getLearningRate());
    }

    private static Iterable<ConsumerRecord<String, TrainingMetric>> poll(KafkaConsumer<String, TrainingMetric> c) {
        try {
            return c.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
            c.seek(e.topicPartition(), e.offset() + 1);
            return List.of();
        }
    }
}
