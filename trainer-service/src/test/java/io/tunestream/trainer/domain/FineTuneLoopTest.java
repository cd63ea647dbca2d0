package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.tunestream.events.HyperParameters;
import io.tunestream.events.Schedule;
import io.tunestream.model.DjlRuntime;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fine-tuning loop on the bundled MiniLM with a small spam/ham set (CPU). */
class FineTuneLoopTest {

    static final BaseModels MODELS = new BaseModels();

    @TempDir
    Path work;

    @BeforeAll
    static void offline() {
        DjlRuntime.configure();
    }

    RecordingListener train(PreparedDataset data, HyperParameters h) {
        RecordingListener listener = new RecordingListener();
        try (FineTuneJob job = FineTuneJob.prepare(TinySpamData.request(h), data, MODELS, Device.cpu())) {
            new FineTuneLoop(job, listener, new Cancellation(), new FineTuneLoop.Settings(1, work)).run();
        }
        return listener;
    }

    @Test
    void shouldLowerTheTrainingLossWhenTrainingLoraOnSpam() {
        // Given 12 spam + 12 ham, batch 8, 12 steps at a constant rate
        PreparedDataset data = TinySpamData.dataset(12, 0);
        HyperParameters h = TinySpamData.hyper().setMaxSteps(12).setMaxSequenceLength(24)
                .setSchedule(Schedule.CONSTANT).build();
        // When
        List<Double> losses = train(data, h).trainLosses();
        // Then
        assertThat(losses).hasSize(12);
        double first = losses.subList(0, 3).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(9, 12).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(last).isLessThan(first * 0.7);
    }

    @Test
    void shouldRepeatTheSameLossesWhenTheSeedIsTheSame() {
        // Given
        PreparedDataset data = TinySpamData.dataset(4, 0);
        HyperParameters h = TinySpamData.hyper().setBatchSize(4).setMaxSteps(3).setMaxSequenceLength(16).build();
        // When
        List<Double> first = train(data, h).trainLosses();
        List<Double> second = train(data, h).trainLosses();
        // Then
        assertThat(second).containsExactlyElementsOf(first);
    }

    @Test
    void shouldStopEarlyAndKeepTheBestWeightsWhenTheMetricStopsImproving() {
        // Given a rate so small that validation accuracy cannot change, but the weights do
        PreparedDataset data = TinySpamData.dataset(4, 4);
        HyperParameters h = TinySpamData.hyper().setBatchSize(4).setMaxSequenceLength(16).setMaxSteps(10).setLearningRate(1e-5).setEvalEverySteps(1)
                .setEarlyStoppingMetric("accuracy").setEarlyStoppingPatience(2).setSchedule(Schedule.CONSTANT).build();
        // When
        RecordingListener run = train(data, h);
        // Then: evaluations at steps 1, 2, 3; no improvement after step 1 twice -> stop after step 3
        assertThat(run.checkpoints).extracting(CheckpointFile::step).containsExactly(1L, 2L, 3L, 1L);
        assertThat(run.checkpoints.get(3).isFinal()).isTrue();
        assertThat(run.checkpointBytes.get(2)).isNotEqualTo(run.checkpointBytes.get(0));
        assertThat(run.checkpointBytes.get(3)).isEqualTo(run.checkpointBytes.get(0));
        assertThat(run.checkpoints.get(3).metrics()).containsKeys("val_loss", "accuracy", "f1_macro");
    }

    @Test
    void shouldStopWhenCancelled() {
        // Given a cancellation requested before the first step
        Cancellation cancellation = new Cancellation();
        cancellation.request();
        HyperParameters h = TinySpamData.hyper().setMaxSteps(5).build();
        try (FineTuneJob job = FineTuneJob.prepare(TinySpamData.request(h), TinySpamData.dataset(4, 0), MODELS,
                Device.cpu())) {
            FineTuneLoop loop = new FineTuneLoop(job, new RecordingListener(), cancellation,
                    new FineTuneLoop.Settings(1, work));
            // When / Then
            assertThatThrownBy(loop::run).isInstanceOf(JobCancelledException.class);
        }
    }

    @Test
    void shouldFailWithReasonWhenTheBaseModelCannotBeLoaded() {
        // Given a model root, and a base model under it with no files
        var request = TinySpamData.request(TinySpamData.hyper().build());
        request.setBaseModel(work.resolve("no-such-model").toString());
        var rooted = new BaseModels(new io.tunestream.model.events.ModelRoots(java.util.List.of(work)));
        // When / Then
        assertThatThrownBy(() -> FineTuneJob.prepare(request, TinySpamData.dataset(4, 0), rooted, Device.cpu()))
                .isInstanceOfSatisfying(JobFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.BASE_MODEL_UNLOADABLE));
    }

    @Test
    void shouldRefuseTheRequestWhenTheBaseModelIsNotUnderAModelRoot() {
        // Given no model roots configured
        var request = TinySpamData.request(TinySpamData.hyper().build());
        request.setBaseModel(work.resolve("no-such-model").toString());
        // When / Then
        assertThatThrownBy(() -> FineTuneJob.prepare(request, TinySpamData.dataset(4, 0), MODELS, Device.cpu()))
                .isInstanceOfSatisfying(JobFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("is not a bundled model (bundled:all-minilm-l6-v2, bundled:bge-small-zh-v1.5) "
                            + "nor a directory under a configured model root");
                });
    }
}
