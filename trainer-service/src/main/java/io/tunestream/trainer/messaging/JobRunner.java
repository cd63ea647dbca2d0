package io.tunestream.trainer.messaging;

import ai.djl.Device;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.TrainingRequest;
import io.tunestream.trainer.domain.BaseModels;
import io.tunestream.trainer.domain.Cancellation;
import io.tunestream.trainer.domain.FailureReason;
import io.tunestream.trainer.domain.FineTuneJob;
import io.tunestream.trainer.domain.FineTuneLoop;
import io.tunestream.trainer.domain.JobCancelledException;
import io.tunestream.trainer.domain.JobDirectories;
import io.tunestream.trainer.domain.JobFailedException;
import io.tunestream.trainer.domain.JobInterruptedException;
import io.tunestream.trainer.domain.JobSupersededException;
import io.tunestream.trainer.domain.PreparedDataset;
import io.tunestream.trainer.domain.TrainingOutcome;
import io.tunestream.trainer.domain.TrainingRequestValidator;
import io.tunestream.schemas.EpochFence;
import io.tunestream.schemas.Identifiers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs one job end to end: validate, materialise the dataset, load and train, and write the final status
 * (SUCCEEDED, FAILED with the reason, or CANCELLED). A cancel request seen on the status topic while the
 * job runs stops it at the next step; the worker's shutdown interrupts it there instead (INTERRUPTED: resume state
 * kept, for the next worker). Each run carries its epoch ({@link EpochFence}) on every status
 * and checkpoint; a run that sees a higher epoch of its job (a status from the worker that took it over, or the resume
 * state claimed by it) stops and writes nothing more.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    /** Everything a job needs from the service. */
    record Context(DatasetMaterializer materializer, BaseModels models, Device device,
            PublishingListener.Publishers publishers, JobDirectories directories, int metricsEvery,
            int progressEvery, String codeVersion) {
    }

    private final Context context;
    private final Map<String, Run> running = new ConcurrentHashMap<>();

    /** A job running on this worker: its epoch and how to stop it. */
    private record Run(long epoch, Cancellation cancellation) {
    }

    JobRunner(Context context) {
        this.context = context;
    }

    /**
     * Cancels a job of this worker when a CANCELLED status (a cancel request) for it is read; stops it, writing
     * nothing more, when a worker's status of a higher epoch shows that another worker took the job over.
     */
    void onStatus(JobStatus status) {
        Run run = running.get(status.getJobId());
        if (run == null) {
            return;
        }
        if (EpochFence.supersedes(status, run.epoch())) {
            LOG.warnf("Job %s was taken over by %s at epoch %d: this worker's run at epoch %d stops",
                    status.getJobId(), status.getWorkerId(), status.getEpoch(), run.epoch());
            run.cancellation().supersede();
        } else if (status.getState() == JobState.CANCELLED) {
            run.cancellation().request();
        }
    }

    /**
     * Interrupts every running job of this worker (it is shutting down): each saves its resume state at its next step
     * boundary, publishes INTERRUPTED and returns, for another worker to resume.
     */
    void interruptAll() {
        running.values().forEach(run -> run.cancellation().interrupt());
    }

    /**
     * Runs the job; never throws: every ending is a status, except a superseded run's, which writes nothing.
     *
     * @param request the request
     * @param epoch this run's epoch: 0 on the job's first start, one more at each takeover
     * @return whether the job ended (SUCCEEDED, FAILED or CANCELLED); false when it was interrupted by the worker's
     *         shutdown and must be resumed by another worker (its request must not be committed)
     */
    boolean run(TrainingRequest request, long epoch) {
        JobStatusPublisher status = context.publishers().status();
        Optional<String> badId = Identifiers.problem("jobId", request.getJobId());
        if (badId.isPresent()) {
            // No directory is ever derived from an id that could escape the work or resume root.
            LOG.warnf("Refused a training request: %s", badId.get());
            status.publish(JobStatusPublisher.of(request, epoch, JobState.FAILED)
                    .setMessage(FailureReason.INVALID_REQUEST + ": " + badId.get()));
            return true;
        }
        Cancellation cancellation = new Cancellation();
        running.put(request.getJobId(), new Run(epoch, cancellation));
        JobDirectories dirs = context.directories();
        try {
            status.publish(JobStatusPublisher.of(request, epoch, JobState.RUNNING).setMessage("materialising dataset"));
            TrainingOutcome outcome = train(request, epoch, cancellation, dirs.workDir(request.getJobId()));
            status.publish(JobStatusPublisher.of(request, epoch, JobState.SUCCEEDED).setStep(outcome.steps())
                    .setTotalSteps(outcome.steps()).setProgress(1.0).setLastCheckpointId(request.getJobId() + "-final")
                    .setMessage(summary(outcome)));
        } catch (JobFailedException e) {
            LOG.warnf("Job %s failed: %s", request.getJobId(), e.statusMessage());
            status.publish(JobStatusPublisher.of(request, epoch, JobState.FAILED).setMessage(e.statusMessage()));
        } catch (JobCancelledException e) {
            status.publish(JobStatusPublisher.of(request, epoch, JobState.CANCELLED).setStep(e.step())
                    .setMessage(e.getMessage()));
        } catch (JobSupersededException e) {
            // Another worker runs the job at a higher epoch: write no status, keep (never clear) its resume state.
            LOG.warnf("Job %s stopped on this worker: %s", request.getJobId(), e.getMessage());
            running.remove(request.getJobId());
            deleteQuietly(dirs, request.getJobId());
            return true;
        } catch (JobInterruptedException e) {
            LOG.infof("Job %s interrupted after step %d: its resume state is saved for the next worker",
                    request.getJobId(), e.step());
            status.publish(JobStatusPublisher.of(request, epoch, JobState.INTERRUPTED).setStep(e.step())
                    .setMessage("interrupted at step " + e.step() + " (worker shutting down): resumable"));
            running.remove(request.getJobId());
            deleteQuietly(dirs, request.getJobId());
            return false; // the resume state stays for the next worker
        } catch (RuntimeException | LinkageError e) {
            LOG.errorf(e, "Job %s failed", request.getJobId());
            status.publish(JobStatusPublisher.of(request, epoch, JobState.FAILED)
                    .setMessage(FailureReason.INTERNAL + ": " + e));
        } finally {
            running.remove(request.getJobId());
            deleteQuietly(dirs, request.getJobId());
        }
        // Every ending above is final (a status was written): the resumable state is no longer needed.
        try {
            if (!dirs.resumeStore(request.getJobId(), epoch).clear()) {
                LOG.warnf("Kept the resume state of %s: a higher epoch owns it", request.getJobId());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Cannot clear the resume state of %s: %s", request.getJobId(), e.getMessage());
        }
        return true;
    }

    private TrainingOutcome train(TrainingRequest request, long epoch, Cancellation cancellation, Path workDir) {
        List<String> problems = new TrainingRequestValidator(context.models().roots()).problems(request);
        if (!problems.isEmpty()) {
            throw new JobFailedException(FailureReason.INVALID_REQUEST, String.join("; ", problems));
        }
        PreparedDataset data = context.materializer().materialize(request.getDatasetId(), request.getDatasetVersion());
        try (FineTuneJob job = FineTuneJob.prepare(request, data, context.models(), context.device())) {
            PublishingListener listener = new PublishingListener(request, epoch, job.labels(),
                    LineageFactory.of(request, job.labels(), context.models(), context.codeVersion()), context.publishers(),
                    context.progressEvery());
            return new FineTuneLoop(job, listener, cancellation,
                    new FineTuneLoop.Settings(context.metricsEvery(), workDir,
                            context.directories().resumeStore(request.getJobId(), epoch))).run();
        }
    }

    private static String summary(TrainingOutcome o) {
        return "kept step " + o.bestStep() + (o.stoppedEarly() ? " (stopped early)" : "")
                + (o.metrics().isEmpty() ? "" : " " + o.metrics());
    }

    private static void deleteQuietly(JobDirectories dirs, String jobId) {
        try {
            dirs.deleteWorkDir(jobId);
        } catch (RuntimeException e) {
            LOG.debugf("Cannot clean the work directory of %s: %s", jobId, e.getMessage());
        }
    }
}
