package io.tunestream.launcher.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingMetric;
import io.tunestream.schemas.EpochFence;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows one training job live from its topics: status from the compacted jobs topic, loss and throughput from the
 * metrics topic, shown on a progress bar (step of total steps, ETA) until the job ends or the time limit passes. A
 * status of a superseded trainer run (a lower epoch than the highest seen for the job) is ignored ({@link EpochFence}).
 */
final class JobFollower {

    private final Connection connection;
    private final EventDeserializer<JobStatus> statuses = new EventDeserializer<>(JobStatus.class);
    private final EventDeserializer<TrainingMetric> metrics = new EventDeserializer<>(TrainingMetric.class);

    JobFollower(Connection connection) {
        this.connection = connection;
    }

    /** Follows {@code jobId}; returns its final status, or throws when unknown or still running at the deadline. */
    JobStatus follow(String jobId, ProgressBar bar, Duration timeout) {
        String jobsTopic = connection.topic(Topics.TRAINING_JOBS);
        String metricsTopic = connection.topic(Topics.TRAINING_METRICS);
        try (TopicReader reader = new TopicReader(connection.kafka())) {
            reader.assignFromStart(List.of(jobsTopic, metricsTopic));
            Map<TopicPartition, Long> end = reader.endOffsets();
            JobStatus status = null;
            TrainingMetric metric = null;
            EpochFence fence = new EpochFence();
            boolean caughtUp = false;
            long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(250))) {
                    if (!jobId.equals(r.key()) || r.value() == null) {
                        continue;
                    }
                    try {
                        if (r.topic().equals(jobsTopic)) {
                            status = current(status, statuses.deserialize(r.topic(), r.value()), fence);
                        } else {
                            metric = metrics.deserialize(r.topic(), r.value());
                        }
                    } catch (EventDecodingException e) {
                        // a record this CLI cannot read (newer schema): skip it, the next one will do
                    }
                }
                caughtUp = caughtUp || reader.reached(end);
                if (caughtUp && status == null) {
                    throw new CliException("unknown job " + jobId + ": no status on " + jobsTopic
                            + " (list jobs with `tunestream jobs`)");
                }
                if (status != null) {
                    show(bar, status, metric);
                    if (caughtUp && ended(status.getState())) {
                        return status;
                    }
                }
            }
            throw new CliException("job " + jobId + " is still " + (status == null ? "unknown" : status.getState())
                    + " after " + ProgressBar.format(timeout) + "; follow it with `tunestream watch " + jobId + "`");
        }
    }

    /**
     * @return the status read, unless the fence finds it stale (written by a superseded run of the job): then the one
     *     shown so far
     */
    static JobStatus current(JobStatus shown, JobStatus read, EpochFence fence) {
        return fence.admit(read) ? read : shown;
    }

    static boolean ended(JobState state) {
        return state == JobState.SUCCEEDED || state == JobState.FAILED || state == JobState.CANCELLED;
    }

    static void show(ProgressBar bar, JobStatus status, TrainingMetric metric) {
        long step = Math.max(status.getStep(), metric == null ? 0 : metric.getStep());
        bar.update(step, status.getTotalSteps(), describe(status, metric));
    }

    /**
     * @return the state and the latest metric point: losses, validation perplexity (causal LM), throughput (tokens/s
     *     for causal LM, samples/s otherwise) and epoch
     */
    static String describe(JobStatus status, TrainingMetric metric) {
        StringBuilder suffix = new StringBuilder(status.getState().name());
        if (metric != null) {
            if (metric.getTrainLoss() != null) {
                suffix.append(String.format(Locale.ROOT, "  loss %.4f", metric.getTrainLoss()));
            }
            if (metric.getValLoss() != null) {
                suffix.append(String.format(Locale.ROOT, "  val loss %.4f", metric.getValLoss()));
            }
            // causal-LM points carry perplexity in their metrics map: train_perplexity or val_perplexity
            Double trainPerplexity = metric.getValMetrics().get("train_perplexity");
            Double valPerplexity = metric.getValMetrics().get("val_perplexity");
            if (trainPerplexity != null) {
                suffix.append(String.format(Locale.ROOT, "  ppl %.3f", trainPerplexity));
            }
            if (valPerplexity != null) {
                suffix.append(String.format(Locale.ROOT, "  val ppl %.3f", valPerplexity));
            }
            boolean languageModel = trainPerplexity != null || valPerplexity != null;
            if (languageModel && metric.getTokensPerSecond() > 0) {
                suffix.append(String.format(Locale.ROOT, "  %.0f tokens/s", metric.getTokensPerSecond()));
            } else if (metric.getSamplesPerSecond() > 0) {
                suffix.append(String.format(Locale.ROOT, "  %.1f samples/s", metric.getSamplesPerSecond()));
            }
            suffix.append(String.format(Locale.ROOT, "  epoch %.2f", metric.getEpoch()));
        }
        return suffix.toString();
    }
}
