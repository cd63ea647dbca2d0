package io.tunestream.trainer.messaging;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingRequest;
import io.tunestream.kafka.toolkit.ConsumerLoop;
import io.tunestream.kafka.toolkit.ConsumerLoop.Verdict;
import io.tunestream.kafka.toolkit.ConsumerLoopSettings;
import io.tunestream.kafka.toolkit.DeadLetterWriter;
import io.tunestream.schemas.EpochFence;
import io.tunestream.schemas.Identifiers;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.trainer.domain.JobDirectories;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.jboss.logging.Logger;

/**
 * The worker: one {@link ConsumerLoop} in the trainers' group, one job at a time. The loop runs the job on its work
 * thread with the partitions paused (so the worker stays in the group however long the job takes) and commits the
 * request's offset when the job has ended. On shutdown (SIGTERM) the running job stops at its next step with its resume
 * state saved and INTERRUPTED published, and its offset is NOT committed: another worker gets the request again and
 * resumes it from that step. The status topic is
 * the source of truth: a request whose job already SUCCEEDED, FAILED or was CANCELLED is skipped, so a redelivery
 * after a crash between the final status and the commit does nothing. If a rebalance takes the partition of a
 * running job away, its offset is committed first, so the job is not run twice. Undecodable requests go to the
 * requests' dead-letter topic with their original bytes and the {@code tunestream.dlq.*} headers.
 */
final class TrainingWorker implements Runnable {

    /** How long a shutdown waits for the running job to reach a step boundary and save its resume state. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    private final ConsumerLoop<TrainingRequest> loop;
    private final JobRunner runner;
    private final JobStatusView view;
    private final JobDirectories directories;

    /**
     * @param consumer a consumer in the trainers' group, raw values, one record per poll
     * @param dlq      the dead-letter writer of the requests
     * @param topics   topic names
     * @param runner   runs one job; never throws
     * @param view     the job statuses
     * @param directories where each job's resume state lives (its owner epoch counts in the takeover epoch)
     */
    TrainingWorker(Consumer<String, byte[]> consumer, DeadLetterWriter dlq, TopicNames topics, JobRunner runner,
            JobStatusView view, JobDirectories directories) {
        this.runner = runner;
        this.view = view;
        this.directories = directories;
        ConsumerLoopSettings<TrainingRequest> settings = ConsumerLoopSettings.of("training-worker",
                List.of(topics.requests()), new EventDeserializer<>(TrainingRequest.class))
                .withShutdownGrace(SHUTDOWN_GRACE).withKeepRunningWorkOnRevoke(true)
                .withClassifier(e -> e instanceof JobInterrupted ? Verdict.STOP : ConsumerLoopSettings.retryTransient(e));
        this.loop = new ConsumerLoop<>(consumer, settings, (record, context) -> work(record.value()), Optional.of(dlq));
    }

    @Override
    public void run() {
        loop.run();
    }

    /** @return whether the worker's loop is alive */
    boolean isRunning() {
        return loop.alive();
    }

    /**
     * Stops the worker: a running job is interrupted at its next step (its resume state saved, INTERRUPTED published)
     * and its request NOT committed, so the next worker resumes it; a job that does not reach a step boundary within
     * {@link #SHUTDOWN_GRACE} is abandoned, also uncommitted, and resumed from its last saved state.
     */
    void stop() {
        runner.interruptAll();
        loop.close();
    }

    private void work(TrainingRequest request) {
        view.awaitCaughtUp(Duration.ofSeconds(10));
        Optional<JobStatus> known = view.get(request.getJobId());
        if (known.isPresent() && isFinished(known.get().getState())) {
            LOG.infof("Skipping job %s: already %s", request.getJobId(), known.get().getState());
            return;
        }
        long epoch = takeoverEpoch(request.getJobId());
        if (epoch > 0) {
            LOG.infof("Taking over job %s at epoch %d", request.getJobId(), epoch);
        }
        if (!runner.run(request, epoch)) {
            throw new JobInterrupted(request.getJobId());
        }
    }

    private long takeoverEpoch(String jobId) {
        OptionalLong resumeOwner = OptionalLong.empty();
        if (Identifiers.problem("jobId", jobId).isEmpty()) { // an invalid id names no directory; the runner refuses it
            resumeOwner = directories.resumeStore(jobId).owner();
        }
        return EpochFence.takeover(view.highestEpoch(jobId), resumeOwner);
    }

    /** The job stopped for the worker's shutdown: its request must not be committed. */
    static final class JobInterrupted extends RuntimeException {
        JobInterrupted(String jobId) {
            super("job " + jobId + " interrupted by the worker's shutdown");
        }
    }

    private static boolean isFinished(JobState state) {
        return state == JobState.SUCCEEDED || state == JobState.FAILED || state == JobState.CANCELLED;
    }
}
