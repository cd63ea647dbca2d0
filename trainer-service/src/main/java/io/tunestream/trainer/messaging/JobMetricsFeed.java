package io.tunestream.trainer.messaging;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingMetric;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * One subscriber's feed of a job's metrics: the job's status first, then every metric point of the job from the
 * beginning of its partition of {@code training.metrics} (key: job id, so one partition holds them all), then new
 * points and status changes as they come, until the job has reached a terminal state and every point written before
 * that state has been delivered. A record that cannot be decoded is skipped and logged, never a reason to stop.
 *
 * <p>Why a consumer of its own and not a Reactive Messaging channel: each subscriber needs a replay of one job from
 * the start of one partition, whenever it connects; a channel is one shared, group-positioned stream configured at
 * start-up, which could only serve this by keeping every job's history in memory.
 */
public final class JobMetricsFeed {

    /** Receives the feed's events, in order, on the feed's thread. */
    public interface Listener {
        /** The job's status: first the current one, then each change. */
        void status(JobStatus status);

        /** A metric point of the job, in the order the trainer wrote them. */
        void metric(TrainingMetric metric);
    }

    private static final Logger LOG = Logger.getLogger(JobMetricsFeed.class);
    private static final Duration POLL = Duration.ofMillis(250);

    private final Consumer<String, TrainingMetric> consumer;
    private final String topic;
    private final Function<String, Optional<JobStatus>> statuses;

    /**
     * @param consumer a group-less consumer of metric points, closed by {@link #follow}
     * @param topic the metrics topic
     * @param statuses the latest status of a job by id
     */
    JobMetricsFeed(Consumer<String, TrainingMetric> consumer, String topic,
            Function<String, Optional<JobStatus>> statuses) {
        this.consumer = consumer;
        this.topic = topic;
        this.statuses = statuses;
    }

    /**
     * Feeds {@code listener} until the job has ended (true) or {@code stopped} says so (false: the subscriber left).
     */
    public boolean follow(String jobId, Listener listener, BooleanSupplier stopped) {
        try (consumer) {
            TopicPartition partition = partitionOf(jobId);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            JobStatus sent = null;
            Long endAtTerminal = null;
            while (!stopped.getAsBoolean()) {
                JobStatus now = statuses.apply(jobId).orElse(null);
                if (now != null && !now.equals(sent)) {
                    listener.status(now);
                    sent = now;
                }
                for (ConsumerRecord<String, TrainingMetric> r : poll(partition)) {
                    if (jobId.equals(r.key()) && r.value() != null) {
                        listener.metric(r.value());
                    }
                }
                if (sent != null && ended(sent.getState())) {
                    // everything written before the terminal status is below this offset
                    endAtTerminal = endAtTerminal != null ? endAtTerminal
                            : consumer.endOffsets(List.of(partition)).get(partition);
                    if (consumer.position(partition) >= endAtTerminal) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** @return whether a job in this state will write no more metrics */
    public static boolean ended(JobState state) {
        return state == JobState.SUCCEEDED || state == JobState.FAILED || state == JobState.CANCELLED;
    }

    private Iterable<ConsumerRecord<String, TrainingMetric>> poll(TopicPartition partition) {
        try {
            return consumer.poll(POLL);
        } catch (RecordDeserializationException e) {
            LOG.warnf("Skipping an undecodable metric point at %s offset %d: %s", e.topicPartition(), e.offset(),
                    e.getMessage());
            consumer.seek(partition, e.offset() + 1);
            return List.of();
        }
    }

    /** The partition the producer's default partitioner gives a record keyed by the job id. */
    private TopicPartition partitionOf(String jobId) {
        int partitions = consumer.partitionsFor(topic).size();
        byte[] key = jobId.getBytes(StandardCharsets.UTF_8);
        return new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions);
    }
}
