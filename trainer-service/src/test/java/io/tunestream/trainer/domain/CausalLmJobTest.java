package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.TokenScores;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.TrainedLanguageModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Causal-LM jobs on a tiny Llama in the Hugging Face layout, on CPU: the loss goes down, validation reports
 * token-weighted perplexity, every method's final checkpoint reloads through the evaluator's
 * {@link TrainedLanguageModel} to the same loss, and a killed job resumes exactly.
 */
class CausalLmJobTest {

    @TempDir
    static Path root;
    static Path modelDir;
    static BaseModels models;

    @TempDir
    Path work;

    @BeforeAll
    static void tinyLlama() {
        modelDir = TinyLlama.write(root.resolve("tiny-llama"));
        models = new BaseModels(new ModelRoots(List.of(root)));
    }

    RecordingListener train(TrainingRequest request, PreparedDataset data, RecordingListener listener, ResumeStore store,
            String workName) {
        try (FineTuneJob job = FineTuneJob.prepare(request, data, models, Device.cpu())) {
            new FineTuneLoop(job, listener, new Cancellation(), new FineTuneLoop.Settings(1, work.resolve(workName),
                    store)).run();
        }
        return listener;
    }

    /** @return mean loss per completion token of the final checkpoint (or of the untuned base when null) */
    static double reloadedLoss(TrainingRequest request, byte[] weights, List<Example> examples) throws IOException {
        Path file = null;
        if (weights != null) {
            file = Files.createTempFile(root, "final", ".safetensors");
            Files.write(file, weights);
        }
        ModelSpec spec = new ModelSpec(request.getBaseModel(), Task.CAUSAL_LM, request.getMethod(), List.of(),
                request.getHyperParameters().getMaxSequenceLength());
        try (TrainedLanguageModel lm = TrainedLanguageModel.load(spec, file,
                new BaseModelReference(new ModelRoots(List.of(root))), Device.cpu())) {
            TokenScores scores = lm.score(CausalLmObjective.lmExamples(examples), 8);
            double loss = 0;
            long tokens = 0;
            for (int i = 0; i < scores.tokens().length; i++) {
                loss += scores.lossSum()[i];
                tokens += scores.tokens()[i];
            }
            return loss / tokens;
        }
    }

    @Test
    void shouldLowerTheLossAndReportPerplexityWhenTuningLoraOnPromptsAndCompletions() throws IOException {
        // Given 32 "reverse x y z" -> "z y x" pairs (8 for validation), LoRA on q_proj/v_proj, 24 steps of 8
        PreparedDataset data = TinyLlama.dataset(32, 8);
        TrainingRequest request = TinyLlama.request(modelDir, TinyLlama.hyper().setMaxSteps(24).setEvalEverySteps(12)
                .setLearningRate(5e-2).build());
        double untuned = reloadedLoss(request, null, data.validation());
        // When
        RecordingListener run = train(request, data, new RecordingListener(), null, "lora");
        // Then the training loss falls, and each training point carries its perplexity
        List<Double> losses = run.trainLosses();
        assertThat(losses).hasSize(24);
        double first = losses.subList(0, 4).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(20, 24).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(last).isLessThan(first * 0.7);
        MetricPoint point = run.metrics.stream().filter(m -> !m.evaluation()).findFirst().orElseThrow();
        assertThat(point.valMetrics().get("train_perplexity")).isCloseTo(Math.exp(point.trainLoss()), within(1e-9));
        assertThat(point.tokensPerSecond()).isPositive();
        // validation: token-weighted loss, perplexity = exp(loss), token accuracy; better than the untuned base
        List<MetricPoint> evals = run.metrics.stream().filter(MetricPoint::evaluation).toList();
        assertThat(evals).extracting(MetricPoint::step).containsExactly(12L, 24L);
        var metrics = run.checkpoints.get(run.checkpoints.size() - 1).metrics();
        assertThat(metrics).containsOnlyKeys("val_loss", "val_perplexity", "val_token_accuracy");
        assertThat(metrics.get("val_perplexity")).isCloseTo(Math.exp(metrics.get("val_loss")), within(1e-9));
        assertThat(metrics.get("val_token_accuracy")).isBetween(0.0, 1.0);
        assertThat(metrics.get("val_loss")).isLessThan(untuned * 0.8);
        // and the final checkpoint, rebuilt as the evaluator does (LoRA merged), reproduces the reported loss
        byte[] finalBytes = run.checkpointBytes.get(run.checkpointBytes.size() - 1);
        assertThat(run.checkpoints.get(run.checkpoints.size() - 1).isFinal()).isTrue();
        assertThat(reloadedLoss(request, finalBytes, data.validation())).isCloseTo(metrics.get("val_loss"),
                within(1e-4));
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"ADAPTER", "PROMPT_TUNING", "FULL"})
    void shouldReloadTheFinalCheckpointToTheReportedLossWhenTuningWithEachMethod(Method type) throws IOException {
        // Given
        PreparedDataset data = TinyLlama.dataset(16, 8);
        MethodConfig method = MethodConfig.newBuilder().setType(type).setAdapterSize(8).setPromptLength(4).build();
        TrainingRequest request = TinyLlama.request(modelDir, TinyLlama.hyper().setMaxSteps(6).setEvalEverySteps(6)
                .build(), method);
        double untuned = reloadedLoss(request, null, data.validation());
        // When
        RecordingListener run = train(request, data, new RecordingListener(), null, type.name());
        // Then the weights moved, and the final checkpoint reproduces the reported validation loss
        var metrics = run.checkpoints.get(run.checkpoints.size() - 1).metrics();
        assertThat(metrics.get("val_loss")).isFinite().isNotCloseTo(untuned, within(1e-3));
        assertThat(reloadedLoss(request, run.checkpointBytes.get(run.checkpointBytes.size() - 1), data.validation()))
                .isCloseTo(metrics.get("val_loss"), within(1e-4));
    }

    @Test
    void shouldEndAsTheUninterruptedRunWhenACausalLmJobIsKilledAndResumed() {
        // Given 12 steps (LoRA with dropout, cosine schedule with warm-up), evaluation every 4
        PreparedDataset data = TinyLlama.dataset(16, 4);
        HyperParameters h = TinyLlama.hyper().setMaxSteps(12).setEvalEverySteps(4).setWarmupSteps(2)
                .setSchedule(io.tunestream.events.Schedule.COSINE).build();
        TrainingRequest request = TinyLlama.request(modelDir, h);
        RecordingListener straight = train(request, data, new RecordingListener(), new ResumeStore(work.resolve("a")),
                "wa");
        ResumeStore store = new ResumeStore(work.resolve("b"));
        // When the first attempt dies in step 7 (after the checkpoint of step 4), and a second attempt runs
        ResumeTest.CrashingListener first = new ResumeTest.CrashingListener(7);
        assertThatThrownBy(() -> train(request, data, first, store, "wb1")).hasMessageContaining("simulated crash");
        assertThat(store.latest()).hasValueSatisfying(p -> assertThat(p.step()).isEqualTo(4));
        RecordingListener second = train(request, data, new RecordingListener(), store, "wb2");
        // Then both attempts together published the uninterrupted run's checkpoints, byte for byte
        List<byte[]> bytes = new ArrayList<>(first.checkpointBytes);
        bytes.addAll(second.checkpointBytes);
        assertThat(bytes).hasSameSizeAs(straight.checkpointBytes);
        for (int i = 0; i < bytes.size(); i++) {
            assertThat(bytes.get(i)).as("checkpoint %d", i).isEqualTo(straight.checkpointBytes.get(i));
        }
        // with the same losses after the resume point and the same final validation loss
        assertThat(second.trainLosses()).containsExactlyElementsOf(straight.trainLosses().subList(4, 12));
        assertThat(second.checkpoints.get(second.checkpoints.size() - 1).metrics().get("val_loss"))
                .isEqualTo(straight.checkpoints.get(straight.checkpoints.size() - 1).metrics().get("val_loss"));
    }
}
