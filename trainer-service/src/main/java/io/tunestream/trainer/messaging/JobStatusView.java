package io.tunestream.trainer.messaging;

import io.tunestream.events.JobStatus;
import io.tunestream.kafka.toolkit.CompactedTopicView;
import io.tunestream.schemas.EpochFence;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/**
 * The compacted job-status topic materialised in memory ({@link CompactedTopicView}): latest status per job id,
 * and a callback for every update (the worker uses it to notice cancellations written by any REST replica).
 * {@link #awaitCaughtUp} gives read-your-writes to REST callers.
 * <p>Fenced by epoch ({@link EpochFence}): a status whose epoch is lower than the highest seen for its job was written
 * by a superseded worker; it is counted and ignored, neither shown nor passed to the callbacks, so it can neither
 * move the job's status back nor end it.
 */
public final class JobStatusView implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobStatusView.class);

    private final CompactedTopicView<JobStatus> view;
    private final EpochFence fence = new EpochFence();
    private final Map<String, JobStatus> current = new ConcurrentHashMap<>();
    private final List<CompactedTopicView.Listener<JobStatus>> listeners = new CopyOnWriteArrayList<>();

    JobStatusView(KafkaConsumer<String, JobStatus> consumer, String topic) {
        this.view = new CompactedTopicView<>(consumer, topic);
        // registered first, so the fenced map is current before any callback or read-your-writes answer
        view.onUpdate(this::accept);
    }

    private void accept(JobStatus status) {
        if (!fence.admit(status)) {
            return;
        }
        current.put(status.getJobId(), status);
        for (CompactedTopicView.Listener<JobStatus> listener : listeners) {
            try {
                listener.onUpdate(status);
            } catch (RuntimeException e) {
                // one callback's bug must not keep the others (cancels, metrics) from the update
                LOG.errorf(e, "A listener of the job statuses failed on job %s", status.getJobId());
            }
        }
    }

    void start() {
        view.start();
    }

    /** @return the latest status of a job */
    public Optional<JobStatus> get(String jobId) {
        // a tombstone on the topic deletes the job from the view
        return view.get(jobId).isEmpty() ? Optional.empty() : Optional.ofNullable(current.get(jobId));
    }

    /** @return every job's latest status */
    public Map<String, JobStatus> snapshot() {
        Map<String, JobStatus> copy = new HashMap<>(current);
        copy.keySet().retainAll(view.snapshot().keySet());
        return Map.copyOf(copy);
    }

    /** @return the highest epoch of the job's worker statuses read so far, empty when no worker wrote one */
    public OptionalLong highestEpoch(String jobId) {
        return fence.highest(jobId);
    }

    /** @return whether a run of the job at this epoch has been superseded by a higher one */
    public boolean isSuperseded(String jobId, long epoch) {
        return fence.isSuperseded(jobId, epoch);
    }

    /** @return statuses ignored because a higher epoch of their job had been read */
    public long staleCount() {
        return fence.staleCount();
    }

    /** @return whether the view's consumer thread still runs */
    public boolean alive() {
        return view.alive();
    }

    /** Registers a callback for every status update read that is not stale. */
    public void onUpdate(CompactedTopicView.Listener<JobStatus> listener) {
        listeners.add(listener);
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
