package io.tunestream.trainer.messaging;

import io.tunestream.events.JobStatus;
import io.tunestream.kafka.toolkit.CompactedTopicView;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The compacted job-status topic materialised in memory ({@link CompactedTopicView}): latest status per job id,
 * and a callback for every update (the worker uses it to notice cancellations written by any REST replica).
 * {@link #awaitCaughtUp} gives read-your-writes to REST callers.
 */
public final class JobStatusView implements AutoCloseable {

    private final CompactedTopicView<JobStatus> view;

    JobStatusView(KafkaConsumer<String, JobStatus> consumer, String topic) {
        this.view = new CompactedTopicView<>(consumer, topic);
    }

    void start() {
        view.start();
    }

    /** @return the latest status of a job */
    public Optional<JobStatus> get(String jobId) {
        return view.get(jobId);
    }

    /** @return every job's latest status */
    public Map<String, JobStatus> snapshot() {
        return view.snapshot();
    }

    /** @return whether the view's consumer thread still runs */
    public boolean alive() {
        return view.alive();
    }

    /** Registers a callback for every status update read. */
    public void onUpdate(CompactedTopicView.Listener<JobStatus> listener) {
        view.onUpdate(listener);
    }

    /** @return whether the view read everything written to the topic before this call within the timeout */
    public boolean awaitCaughtUp(Duration timeout) {
        return view.awaitCaughtUp(timeout);
    }

    @Override
    public void close() {
        view.close();
    }
}
