package io.tunestream.evaluator.messaging;

import io.tunestream.kafka.toolkit.KeyPartitions;
import io.tunestream.evaluator.report.TrainingPoint;
import io.tunestream.evaluator.service.CheckpointEvaluator;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.Evaluation;
import io.tunestream.events.MetricKind;
import io.tunestream.events.Split;
import io.tunestream.events.TrainingMetric;
import io.tunestream.model.events.CheckpointAssembler;
import io.tunestream.model.events.CheckpointAssembler.Assembled;
import io.tunestream.model.events.CheckpointIntegrityException;
import io.tunestream.stage.SealedDatasetReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * What the evaluator reads from Kafka besides its stream of checkpoints: the TEST split, the training curve, and,
 * for a sweep's best trial that this instance did not see (it was consumed before a restart), that trial's final
 * checkpoint and whether an earlier instance already evaluated it.
 */
final class KafkaSources {

    /** How long one read of a key's history may take before it fails (it reads the partition from its start). */
    static final Duration READ_DEADLINE = Duration.ofSeconds(30);

    private KafkaSources() {
    }

    /** The TEST split of a sealed prepared dataset version (read whole, checked against its seal). */
    static CheckpointEvaluator.TestSplit testSplit(SealedDatasetReader reader) {
        return (id, version) -> reader.read(id, version, r -> r.getSplit() == Split.TEST).records();
    }

    /** A job's metrics, from its partition of the metrics topic (key: job id). */
    static CheckpointEvaluator.Curves curves(Supplier<KafkaConsumer<String, TrainingMetric>> consumers, String topic) {
        return jobId -> {
            List<TrainingPoint> points = new ArrayList<>();
            readKey(consumers, topic, jobId, metric -> points.add(point(metric)));
            points.sort(Comparator.comparingLong(TrainingPoint::step));
            return points;
        };
    }

    /**
     * A job's latest complete final checkpoint, reassembled from its partition of the checkpoints topic (key: job
     * id) into {@code directory}; earlier and intermediate checkpoints of the job are deleted once read.
     */
    static Function<String, Optional<Assembled>> finalCheckpoint(Supplier<KafkaConsumer<String, Checkpoint>> consumers,
            String topic, Path directory, List<Path> artifactRoots) {
        Object oneAtATime = new Object(); // REST re-evaluations and sweeps' best trials share the directory
        return jobId -> {
            synchronized (oneAtATime) {
                return reassembleFinal(consumers, topic, directory, artifactRoots, jobId);
            }
        };
    }

    private static Optional<Assembled> reassembleFinal(Supplier<KafkaConsumer<String, Checkpoint>> consumers,
            String topic, Path directory, List<Path> artifactRoots, String jobId) {
        CheckpointAssembler assembler = new CheckpointAssembler(directory, artifactRoots);
        Assembled[] latest = new Assembled[1];
        readKey(consumers, topic, jobId, chunk -> {
            Optional<Assembled> complete;
            try {
                complete = assembler.accept(chunk);
            } catch (CheckpointIntegrityException e) {
                return; // the live worker dead-lettered it when it first arrived
            }
            complete.ifPresent(a -> {
                if (a.header().getIsFinal()) {
                    if (latest[0] != null && !latest[0].weights().equals(a.weights())) {
                        CheckpointWorker.deleteQuietly(latest[0]); // (the same id again is the same file)
                    }
                    latest[0] = a;
                } else {
                    CheckpointWorker.deleteQuietly(a);
                }
            });
        });
        return Optional.ofNullable(latest[0]);
    }

    /** Whether an evaluation of the job was published, from the model's partition of the evaluations topic. */
    static BiPredicate<String, String> evaluated(Supplier<KafkaConsumer<String, Evaluation>> consumers, String topic) {
        return (modelName, jobId) -> {
            boolean[] found = new boolean[1];
            readKey(consumers, topic, modelName, evaluation -> found[0] |= jobId.equals(evaluation.getJobId()));
            return found[0];
        };
    }

    /**
     * Reads the values of one key from the beginning of its partition (the default partitioner's) up to the end
     * offset at the time of the call. A read that does not reach that offset within {@link #READ_DEADLINE} fails
     * with an error naming the key, the partition and how far it got, rather than answering a partial history.
     */
    private static <V> void readKey(Supplier<KafkaConsumer<String, V>> consumers, String topic, String key,
            Consumer<V> values) {
        try (KafkaConsumer<String, V> consumer = consumers.get()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                return;
            }
            int p = KeyPartitions.partitionFor(key, partitions.size());
            TopicPartition tp = new TopicPartition(topic, p);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + key + " from " + tp + " did not finish within "
                            + READ_DEADLINE.toSeconds() + " s: at offset " + consumer.position(tp) + " of " + end);
                }
                for (ConsumerRecord<String, V> r : poll(consumer)) {
                    if (key.equals(r.key()) && r.value() != null) {
                        values.accept(r.value());
                    }
                }
            }
        }
    }


    private static TrainingPoint point(TrainingMetric m) {
        boolean eval = m.getKind() == MetricKind.EVAL;
        double loss = !eval && m.getTrainLoss() != null ? m.getTrainLoss() : Double.NaN;
        double val = eval && m.getValLoss() != null ? m.getValLoss() : Double.NaN;
        return new TrainingPoint(m.getStep(), m.getEpoch(), loss, val, m.getLearningRate());
    }

    private static <V> Iterable<ConsumerRecord<String, V>> poll(KafkaConsumer<String, V> c) {
        try {
            return c.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
            c.seek(e.topicPartition(), e.offset() + 1);
            return List.of();
        }
    }
}
