package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tunestream.events.HyperParameters;
import io.tunestream.model.events.Sha256;
import io.tunestream.model.optim.DynamicLossScaler;
import io.tunestream.model.optim.GradMode;
import io.tunestream.model.optim.LearningRateSchedule;
import io.tunestream.model.optim.MixedPrecision;
import io.tunestream.model.optim.ParameterGroupAdamW;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Trains a prepared {@link FineTuneJob}: AdamW with no-decay groups under the warm-up schedule, gradient
 * accumulation and global-norm clipping ({@link StepRunner}), metrics every N steps, evaluation on the
 * validation split every N steps or each epoch with a checkpoint each time, early stopping, and at the
 * end the best weights restored (HF's {@code load_best_model_at_end}) and written as the final checkpoint.
 * Mixed precision (fp16 + fp32 masters + loss scaling) is used on GPU only, when the request asks for it.
 */
public final class FineTuneLoop {

    /**
     * @param metricsEverySteps a training metric point every N steps
     * @param workDir where checkpoint files are written (one directory per job)
     * @param resume where the job's resumable state lives (a shared store), or null for none
     */
    public record Settings(int metricsEverySteps, Path workDir, ResumeStore resume) {

        /** Settings without a resume store. */
        public Settings(int metricsEverySteps, Path workDir) {
            this(metricsEverySteps, workDir, null);
        }
    }

    private final FineTuneJob job;
    private final TrainingListener listener;
    private final Cancellation cancellation;
    private final Settings settings;

    /**
     * @param job the prepared job
     * @param listener receives progress, metrics and checkpoints
     * @param cancellation checked before each step
     * @param settings loop settings
     */
    public FineTuneLoop(FineTuneJob job, TrainingListener listener, Cancellation cancellation, Settings settings) {
        this.job = job;
        this.listener = listener;
        this.cancellation = cancellation;
        this.settings = settings;
    }

    /**
     * @return how the job ended
     * @throws JobCancelledException when cancelled
     * @throws JobFailedException when the loss diverges
     * @throws JobSupersededException when a higher epoch of the job took it over (seen in its statuses or its resume
     *         state): the run stops without writing anything more
     */
    public TrainingOutcome run() {
        // PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that started
        // the engine. Off here too, or the optimizer's in-place updates of leaf tensors are refused on a job thread.
        GradMode.disableOnThisThread();
        HyperParameters h = job.request().getHyperParameters();
        TrainingPlan plan = job.plan();
        LearningRateSchedule schedule = plan.schedule(h);
        Optional<ResumePoint> resume = resumePoint();
        ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(job.model().trainableParameters())
                .learningRate(schedule).optWeightDecays((float) h.getWeightDecay())
                .optBeginNumUpdate(resume.map(p -> (int) p.step()).orElse(0)).build();
        MixedPrecision mixed = job.onGpu() && h.getMixedPrecision()
                ? MixedPrecision.toHalf(job.model().allParameters(), job.manager(),
                        DynamicLossScaler.withTorchDefaults())
                : null;
        try {
            createWorkDir();
            listener.onStart(plan);
            if (resume.isPresent() && resume.get().finalPublished()) {
                ResumePoint done = resume.get();
                return new TrainingOutcome(done.step(), done.keptStep(), done.bestMetrics(), done.stoppedEarly(),
                        Double.NaN);
            }
            resume.ifPresent(point -> restore(point, adamW));
            return train(new StepRunner(job, adamW, mixed), schedule, adamW, resume);
        } finally {
            if (mixed != null) {
                mixed.close();
            }
        }
    }

    private TrainingOutcome train(StepRunner runner, LearningRateSchedule schedule, ParameterGroupAdamW adamW,
            Optional<ResumePoint> resume) {
        TrainingPlan plan = job.plan();
        HyperParameters h = job.request().getHyperParameters();
        EarlyStopping stopping = new EarlyStopping(h.getEarlyStoppingMetric(), h.getEarlyStoppingPatience());
        EpochOrder order = resume.map(p -> EpochOrder.at(job.data().train(), job.request().getSeed(), p.epoch(),
                p.cursor())).orElseGet(() -> new EpochOrder(job.data().train(), job.request().getSeed()));
        ThroughputMeter meter = new ThroughputMeter();
        boolean evaluate = !job.data().validation().isEmpty();
        Map<String, Double> bestMetrics = resume.map(ResumePoint::bestMetrics).orElse(Map.of());
        long step = resume.map(ResumePoint::step).orElse(0L);
        resume.ifPresent(p -> stopping.restore(p.best(), p.bestStep(), p.sinceImprovement()));
        ResumePoint point = resume.orElse(null);
        if (point != null && !point.checkpointPublished()) {
            // Crashed between saving the state and publishing its checkpoint: publish it now, once.
            listener.onCheckpoint(new CheckpointFile(point.step(), save("step-" + point.step()), false, point.metrics()));
            point = commit(point.published());
        }
        double lastLoss = Double.NaN;
        boolean stoppedEarly = point != null && stopping.shouldStop();
        while (step < plan.totalSteps() && !stoppedEarly) {
            if (cancellation.isRequested()) {
                throw new JobCancelledException(step);
            }
            if (cancellation.isSuperseded()) {
                throw new JobSupersededException(job.request().getJobId(), epochOfRun(),
                        "a status of a higher epoch was read at step " + step);
            }
            if (cancellation.isInterruptRequested()) {
                saveInterruptPoint(step, order, stopping, point, bestMetrics, adamW);
                throw new JobInterruptedException(step);
            }
            // Dropout draws from a stream that depends only on (seed, step): a resumed job draws what the
            // uninterrupted one would have.
            job.manager().getEngine().setRandomSeed((int) (job.request().getSeed() * 1_000_003L + step));
            StepRunner.StepResult result = runner.step(microBatches(order, plan));
            step++;
            lastLoss = result.loss();
            if (!Double.isFinite(lastLoss)) {
                throw new JobFailedException(FailureReason.DIVERGED, "training loss is " + lastLoss + " at step " + step);
            }
            meter.add(result);
            listener.onProgress(step, plan.totalSteps());
            boolean evalNow = evaluate && (step % plan.evalEverySteps() == 0 || step == plan.totalSteps());
            if (step % settings.metricsEverySteps() == 0 || step == plan.totalSteps()) {
                listener.onMetric(meter.trainPoint(step, epoch(step), schedule.learningRate((int) step - 1),
                        result.gradNorm(), job.objective()::trainingMetrics));
            }
            if (evalNow) {
                Map<String, Double> metrics = Validation.evaluate(job);
                listener.onMetric(new MetricPoint(step, epoch(step), true, null, metrics.get("val_loss"), metrics,
                        schedule.learningRate((int) step - 1), null, 0, 0, ThroughputMeter.residentBytes()));
                Path file = save("step-" + step);
                if (stopping.record(step, metrics.get(stopping.metric()))) {
                    bestMetrics = metrics;
                    copy(file, bestFile());
                }
                point = saveResumePoint(ResumePoint.builder().fingerprint(fingerprint()).step(step)
                        .position(order.epoch(), order.cursor())
                        .earlyStopping(stopping.best(), stopping.bestStep(), stopping.sinceImprovement())
                        .metrics(metrics).bestMetrics(bestMetrics).build(), adamW);
                listener.onCheckpoint(new CheckpointFile(step, file, false, metrics));
                point = point == null ? null : commit(point.published());
                meter.restartClock();
                if (stopping.shouldStop()) {
                    stoppedEarly = true;
                    break;
                }
            }
        }
        long kept = stopping.bestStep() >= 0 ? stopping.bestStep() : step;
        if (kept != step) {
            job.model().loadTrainable(bestFile(), job.manager());
        }
        listener.onCheckpoint(new CheckpointFile(kept, save("final"), true, bestMetrics));
        if (point != null) {
            commit(point.finished(kept, bestMetrics, stoppedEarly));
        }
        return new TrainingOutcome(step, kept, bestMetrics, stoppedEarly, lastLoss);
    }

    /** @return the job's committed resume point, when there is a store, one exists and it is this request's */
    private Optional<ResumePoint> resumePoint() {
        if (settings.resume() == null) {
            return Optional.empty();
        }
        settings.resume().claim(); // from now on no older run of the job can write or clear the resume state
        Optional<ResumePoint> point = settings.resume().latest();
        if (point.isPresent() && !point.get().fingerprint().equals(fingerprint())) {
            throw new JobFailedException(FailureReason.INVALID_REQUEST, "job " + job.request().getJobId()
                    + " has a resume point of other settings: a job id names one request");
        }
        return point;
    }

    /** Loads the weights, optimizer moments and best weights of a resume point. */
    private void restore(ResumePoint point, ParameterGroupAdamW adamW) {
        try (NDManager scratch = job.manager().newSubManager()) {
            Map<String, NDArray> state = settings.resume().readState(point, scratch);
            job.model().loadTrainable(settings.resume().stateFile(point), job.manager());
            adamW.restore(state, job.manager());
        }
        copy(settings.resume().bestFile(point), bestFile());
        listener.onResume(point.step());
    }

    /**
     * The resume state at a step boundary that is not an evaluation: weights, optimizer moments, data position and
     * early-stopping state, with no checkpoint owed for it (the next evaluation publishes one as usual).
     */
    private void saveInterruptPoint(long step, EpochOrder order, EarlyStopping stopping, ResumePoint last,
            Map<String, Double> bestMetrics, ParameterGroupAdamW adamW) {
        if (settings.resume() == null || (last != null && last.step() == step)) {
            return; // nothing to resume from, or the state of this step is saved already
        }
        if (!Files.exists(bestFile())) {
            copy(save("interrupted"), bestFile()); // no evaluation yet: the best file is only carried along
        }
        saveResumePoint(ResumePoint.builder().fingerprint(fingerprint()).step(step)
                .position(order.epoch(), order.cursor())
                .earlyStopping(stopping.best(), stopping.bestStep(), stopping.sinceImprovement())
                .metrics(last == null ? Map.of() : last.metrics()).bestMetrics(bestMetrics)
                .checkpointPublished(true).build(), adamW);
    }

    private ResumePoint saveResumePoint(ResumePoint point, ParameterGroupAdamW adamW) {
        if (settings.resume() == null) {
            return null;
        }
        return settings.resume().save(point, job.model(), adamW.state(), bestFile());
    }

    private ResumePoint commit(ResumePoint point) {
        settings.resume().commit(point);
        return point;
    }

    private long epochOfRun() {
        return settings.resume() == null ? 0 : settings.resume().epoch();
    }

    /** @return what identifies the request's settings (a job id names one request) */
    private String fingerprint() {
        var r = job.request();
        return Sha256.of((r.getDatasetId() + "@" + r.getDatasetVersion() + "|"
                + r.getBaseModel() + "|" + r.getTask() + "|" + r.getMethod() + "|" + r.getHyperParameters() + "|"
                + r.getSeed()).getBytes(StandardCharsets.UTF_8));
    }

    private List<List<Example>> microBatches(EpochOrder order, TrainingPlan plan) {
        return IntStream.range(0, plan.accumulation()).mapToObj(i -> order.next(plan.microBatch())).toList();
    }

    private double epoch(long step) {
        return (double) step / job.plan().stepsPerEpoch();
    }

    private Path bestFile() {
        return settings.workDir().resolve("best.safetensors");
    }

    private Path save(String name) {
        Path file = settings.workDir().resolve(name + ".safetensors");
        try {
            job.model().saveTrainable(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    private void createWorkDir() {
        try {
            Files.createDirectories(settings.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
