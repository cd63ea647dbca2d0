package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.tunestream.events.HyperParameters;
import io.tunestream.model.DjlRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Epoch fencing of a job's resume state with real weights: a worker that lost its job (paused, cut off) and wakes up
 * after another worker took the job over at a higher epoch can neither overwrite nor clear the new run's resume point,
 * and stops at its next save; a run told of a higher epoch stops at its next step, writing nothing.
 */
class TakeoverTest {

    @TempDir
    Path work;

    @BeforeAll
    static void offline() {
        DjlRuntime.configure();
    }

    /** 12 steps of batch 4 over 12 examples, an evaluation (checkpoint, resume point) every 4 steps. */
    private static HyperParameters hyper() {
        return TinySpamData.hyper().setBatchSize(4).setMaxSteps(12).setEvalEverySteps(4).setMaxSequenceLength(16)
                .setWarmupSteps(2).build();
    }

    private RecordingListener run(RecordingListener listener, Cancellation cancellation, ResumeStore store,
            String workName) {
        PreparedDataset data = TinySpamData.dataset(6, 4);
        try (FineTuneJob job = FineTuneJob.prepare(TinySpamData.request(hyper()), data, FineTuneLoopTest.MODELS,
                Device.cpu())) {
            new FineTuneLoop(job, listener, cancellation, new FineTuneLoop.Settings(1, work.resolve(workName), store))
                    .run();
        }
        return listener;
    }

    /** The stale worker: at a given step it "pauses" while another worker takes the job over and finishes it. */
    private final class PausedWorkerListener extends RecordingListener {
        private final long pauseAt;
        private final Runnable meanwhile;

        PausedWorkerListener(long pauseAt, Runnable meanwhile) {
            this.pauseAt = pauseAt;
            this.meanwhile = meanwhile;
        }

        @Override
        public void onProgress(long step, long totalSteps) {
            super.onProgress(step, totalSteps);
            if (step == pauseAt) {
                meanwhile.run();
            }
        }
    }

    /** Two jobs, 16 steps: over a minute on a shared 2-core machine, so out of the default suite. */
    @Test
    @Tag("slow")
    void shouldStopTheStaleRunAndKeepTheNewRunsResumePointWhenTakenOverAtAHigherEpoch() {
        // Given the job's first run (epoch 0), which pauses at step 6 after the resume point of step 4
        Path dir = work.resolve("resume");
        RecordingListener[] newRun = new RecordingListener[1];
        PausedWorkerListener stale = new PausedWorkerListener(6,
                () -> newRun[0] = run(new RecordingListener(), new Cancellation(), new ResumeStore(dir, 1), "w1"));

        // When another worker takes the job over at epoch 1 meanwhile, and the stale run goes on to its next save
        assertThatThrownBy(() -> run(stale, new Cancellation(), new ResumeStore(dir, 0), "w0"))
                .isInstanceOf(JobSupersededException.class).hasMessageContaining("epoch 1");

        // Then the new run resumed from step 4 and finished; the stale run published only the checkpoint of step 4
        assertThat(newRun[0].checkpoints).extracting(CheckpointFile::step).containsExactly(8L, 12L, 12L);
        assertThat(stale.checkpoints).extracting(CheckpointFile::step).containsExactly(4L);
        // and the resume point is still the new run's finished one, which the stale run can no longer clear
        ResumeStore staleStore = new ResumeStore(dir, 0);
        assertThat(staleStore.latest()).hasValueSatisfying(p -> {
            assertThat(p.finalPublished()).isTrue();
            assertThat(p.jobEpoch()).isEqualTo(1);
            assertThat(p.step()).isEqualTo(12);
        });
        assertThat(staleStore.clear()).isFalse();
        assertThat(staleStore.latest()).isPresent();
        assertThat(new ResumeStore(dir, 1).clear()).isTrue();
    }

    @Test
    void shouldStopAtTheNextStepWritingNothingWhenTheRunIsSuperseded() {
        // Given a run that learns at step 2 that a higher epoch of its job runs elsewhere
        Cancellation cancellation = new Cancellation();
        ResumeStore store = new ResumeStore(work.resolve("resume"), 0);
        PausedWorkerListener listener = new PausedWorkerListener(2, cancellation::supersede);

        // When it goes on
        assertThatThrownBy(() -> run(listener, cancellation, store, "w"))
                .isInstanceOf(JobSupersededException.class).hasMessageContaining("step 2");

        // Then it stopped before step 3 and wrote no checkpoint and no resume point
        assertThat(listener.lastProgress).isEqualTo(2);
        assertThat(listener.checkpoints).isEmpty();
        assertThat(store.latest()).isEmpty();
    }
}
