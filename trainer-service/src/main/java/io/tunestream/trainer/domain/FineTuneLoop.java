package io.tunestream.trainer.domain;

import io.tunestream.events.HyperParameters;
import io.tunestream.model.optim.DynamicLossScaler;
import io.tunestream.model.optim.LearningRateSchedule;
import io.tunestream.model.optim.MixedPrecision;
import io.tunestream.model.optim.ParameterGroupAdamW;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
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
     */
    public record Settings(int metricsEverySteps, Path workDir) {
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
     */
    public TrainingOutcome run() {
        // PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that started
        // the engine. Off here too, or the optimizer's in-place updates of leaf tensors are refused on a job thread.
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        HyperParameters h = job.request().getHyperParameters();
        TrainingPlan plan = job.plan();
        LearningRateSchedule schedule = plan.schedule(h);
        ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(job.classifier().trainableParameters())
                .learningRate(schedule).optWeightDecays((float) h.getWeightDecay()).build();
        MixedPrecision mixed = job.onGpu() && h.getMixedPrecision()
                ? MixedPrecision.toHalf(job.classifier().allParameters(), job.manager(),
                        DynamicLossScaler.withTorchDefaults())
                : null;
        try {
            createWorkDir();
            listener.onStart(plan);
            return train(new StepRunner(job, adamW, mixed), schedule);
        } finally {
            if (mixed != null) {
                mixed.close();
            }
        }
    }

    private TrainingOutcome train(StepRunner runner, LearningRateSchedule schedule) {
        TrainingPlan plan = job.plan();
        HyperParameters h = job.request().getHyperParameters();
        EarlyStopping stopping = new EarlyStopping(h.getEarlyStoppingMetric(), h.getEarlyStoppingPatience());
        EpochOrder order = new EpochOrder(job.data().train(), job.request().getSeed());
        ThroughputMeter meter = new ThroughputMeter();
        boolean evaluate = !job.data().validation().isEmpty();
        Map<String, Double> bestMetrics = Map.of();
        long step = 0;
        double lastLoss = Double.NaN;
        boolean stoppedEarly = false;
        while (step < plan.totalSteps()) {
            if (cancellation.isRequested()) {
                throw new JobCancelledException(step);
            }
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
                        result.gradNorm()));
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
                listener.onCheckpoint(new CheckpointFile(step, file, false, metrics));
                meter.restartClock();
                if (stopping.shouldStop()) {
                    stoppedEarly = true;
                    break;
                }
            }
        }
        long kept = stopping.bestStep() >= 0 ? stopping.bestStep() : step;
        if (kept != step) {
            job.classifier().loadTrainable(bestFile(), job.manager());
        }
        listener.onCheckpoint(new CheckpointFile(kept, save("final"), true, bestMetrics));
        return new TrainingOutcome(step, kept, bestMetrics, stoppedEarly, lastLoss);
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
            job.classifier().saveTrainable(file);
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
