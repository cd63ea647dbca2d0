package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.tunestream.events.HyperParameters;
import io.tunestream.model.DjlRuntime;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that crashes mid-run and is run again with the same resume store goes on from its last evaluation and ends
 * exactly where an uninterrupted run ends, publishing every checkpoint once. Cosine schedule, warm-up, weight decay,
 * dropout and a data order that wraps past an epoch are all in play.
 */
class ResumeTest {

    @TempDir
    Path work;

    @BeforeAll
    static void offline() {
        DjlRuntime.configure();
    }

    /** A listener that "crashes" (as a killed process would stop) when a given step starts. */
    static final class CrashingListener extends RecordingListener {
        private final long crashAt;

        CrashingListener(long crashAt) {
            this.crashAt = crashAt;
        }

        @Override
        public void onProgress(long step, long totalSteps) {
            super.onProgress(step, totalSteps);
            if (step == crashAt) {
                throw new IllegalStateException("simulated crash at step " + step);
            }
        }
    }

    /**
     * A listener that, once the resume point is restored, has the garbage collector free every Java buffer nothing
     * refers to and then fills new buffers with junk, so that a restored tensor still pointing at a checkpoint's
     * freed memory reads junk (or faults) instead of, by luck, the values that were there.
     */
    static final class ScramblingListener extends RecordingListener {
        private final List<java.nio.ByteBuffer> junk = new java.util.ArrayList<>();

        @Override
        public void onResume(long step) {
            junk.addAll(io.tunestream.testsupport.FreedJavaMemory.freeAndScribble());
        }
    }

    RecordingListener run(HyperParameters h, RecordingListener listener, ResumeStore store, String workName) {
        PreparedDataset data = TinySpamData.dataset(6, 4);
        try (FineTuneJob job = FineTuneJob.prepare(TinySpamData.request(h), data, FineTuneLoopTest.MODELS, Device.cpu())) {
            new FineTuneLoop(job, listener, new Cancellation(), new FineTuneLoop.Settings(1, work.resolve(workName),
                    store)).run();
        }
        return listener;
    }

    @Test
    void shouldEndAsUninterruptedRunWithEachCheckpointOnceWhenCrashedAndResumed() {
        // Given 12 steps of batch 4 over 12 examples (4 epochs), evaluation every 4 steps
        HyperParameters h = TinySpamData.hyper().setBatchSize(4).setMaxSteps(12).setEvalEverySteps(4)
                .setMaxSequenceLength(16).setWarmupSteps(2).build();
        RecordingListener uninterrupted = run(h, new RecordingListener(), new ResumeStore(work.resolve("a")), "wa");
        ResumeStore store = new ResumeStore(work.resolve("b"));
        // When the first attempt crashes in step 10 (after the checkpoint of step 8), and a second attempt runs
        CrashingListener first = new CrashingListener(10);
        assertThatThrownBy(() -> run(h, first, store, "wb1")).hasMessageContaining("simulated crash");
        assertThat(store.latest()).hasValueSatisfying(p -> assertThat(p.step()).isEqualTo(8));
        RecordingListener second = run(h, new ScramblingListener(), store, "wb2");
        // Then the checkpoints of both attempts together are the uninterrupted run's, each once, byte for byte
        List<Long> steps = new java.util.ArrayList<>(first.checkpoints.stream().map(CheckpointFile::step).toList());
        steps.addAll(second.checkpoints.stream().map(CheckpointFile::step).toList());
        assertThat(steps).containsExactlyElementsOf(uninterrupted.checkpoints.stream().map(CheckpointFile::step).toList());
        List<byte[]> bytes = new java.util.ArrayList<>(first.checkpointBytes);
        bytes.addAll(second.checkpointBytes);
        for (int i = 0; i < bytes.size(); i++) {
            assertThat(bytes.get(i)).as("checkpoint %d", i).isEqualTo(uninterrupted.checkpointBytes.get(i));
        }
        CheckpointFile finalA = uninterrupted.checkpoints.get(uninterrupted.checkpoints.size() - 1);
        CheckpointFile finalB = second.checkpoints.get(second.checkpoints.size() - 1);
        assertThat(finalB.isFinal()).isTrue();
        assertThat(finalB.metrics().get("val_loss")).isCloseTo(finalA.metrics().get("val_loss"),
                org.assertj.core.data.Offset.offset(1e-6));
        // and the training losses after the resume point are the uninterrupted ones
        List<Double> tail = uninterrupted.trainLosses().subList(8, 12);
        assertThat(second.trainLosses()).containsExactlyElementsOf(tail);
    }

    /** A listener that asks for an interrupt (its worker shutting down) when a given step has been done. */
    static final class InterruptingListener extends RecordingListener {
        private final long interruptAfter;
        private final Cancellation cancellation;

        InterruptingListener(long interruptAfter, Cancellation cancellation) {
            this.interruptAfter = interruptAfter;
            this.cancellation = cancellation;
        }

        @Override
        public void onProgress(long step, long totalSteps) {
            super.onProgress(step, totalSteps);
            if (step == interruptAfter) {
                cancellation.interrupt();
            }
        }
    }

    @Test
    void shouldSaveTheStepAndEndAsUninterruptedRunWhenInterruptedBetweenEvaluationsAndResumed() {
        // Given 12 steps of batch 4, evaluation every 4 steps, and an uninterrupted run of it
        HyperParameters h = TinySpamData.hyper().setBatchSize(4).setMaxSteps(12).setEvalEverySteps(4)
                .setMaxSequenceLength(16).setWarmupSteps(2).build();
        RecordingListener uninterrupted = run(h, new RecordingListener(), new ResumeStore(work.resolve("a")), "wa");
        ResumeStore store = new ResumeStore(work.resolve("d"));
        // When the worker shuts down after step 6 (between the evaluations of steps 4 and 8), and another worker runs it
        Cancellation cancellation = new Cancellation();
        InterruptingListener first = new InterruptingListener(6, cancellation);
        PreparedDataset data = TinySpamData.dataset(6, 4);
        try (FineTuneJob job = FineTuneJob.prepare(TinySpamData.request(h), data, FineTuneLoopTest.MODELS, Device.cpu())) {
            FineTuneLoop loop = new FineTuneLoop(job, first, cancellation,
                    new FineTuneLoop.Settings(1, work.resolve("wd1"), store));
            assertThatThrownBy(loop::run).isInstanceOf(JobInterruptedException.class).hasMessageContaining("step 6");
        }
        // Then the state of step 6 was saved, with no checkpoint owed for it
        assertThat(store.latest()).hasValueSatisfying(p -> {
            assertThat(p.step()).isEqualTo(6);
            assertThat(p.checkpointPublished()).isTrue();
        });
        RecordingListener second = run(h, new ScramblingListener(), store, "wd2");
        // and the resumed run trains steps 7..12 exactly as the uninterrupted run did, each checkpoint once
        assertThat(second.trainLosses()).containsExactlyElementsOf(uninterrupted.trainLosses().subList(6, 12));
        List<Long> steps = new java.util.ArrayList<>(first.checkpoints.stream().map(CheckpointFile::step).toList());
        steps.addAll(second.checkpoints.stream().map(CheckpointFile::step).toList());
        assertThat(steps).containsExactlyElementsOf(uninterrupted.checkpoints.stream().map(CheckpointFile::step).toList());
        byte[] finalA = uninterrupted.checkpointBytes.get(uninterrupted.checkpointBytes.size() - 1);
        byte[] finalB = second.checkpointBytes.get(second.checkpointBytes.size() - 1);
        assertThat(finalB).isEqualTo(finalA);
    }

    @Test
    void shouldPublishNothingAgainWhenTheFinalCheckpointWasAlreadyPublished() {
        // Given a job that finished (final checkpoint published) but whose worker died before its status
        HyperParameters h = TinySpamData.hyper().setBatchSize(4).setMaxSteps(4).setEvalEverySteps(2)
                .setMaxSequenceLength(16).build();
        ResumeStore store = new ResumeStore(work.resolve("c"));
        RecordingListener done = run(h, new RecordingListener(), store, "wc1");
        // When it runs again
        RecordingListener again = run(h, new RecordingListener(), store, "wc2");
        // Then nothing is trained or published twice
        assertThat(done.checkpoints).hasSize(3);
        assertThat(again.checkpoints).isEmpty();
        assertThat(again.metrics).isEmpty();
    }
}
