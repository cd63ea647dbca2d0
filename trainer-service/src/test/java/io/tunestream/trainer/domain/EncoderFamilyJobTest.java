package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.TinyTokenizers;
import io.tunestream.model.arch.BertEncoder;
import io.tunestream.model.arch.EncoderConfig;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's RoBERTa directory (tiny, random, Hugging Face layout with a byte-level BPE tokenizer) under a model root
 * trains with LoRA through the trainer's job and loop, with the family's default LoRA targets, and its final
 * checkpoint reloads through the evaluator's {@link TrainedModel} to the accuracy the trainer reported.
 */
class EncoderFamilyJobTest {

    private static final List<String> WORDS = List.of("the", "cat", "sat", "on", "mat", "dog", "ran", "home", "a",
            "big", "small", "red", "old");

    @TempDir
    static Path root;
    static BaseModels models;

    @TempDir
    Path work;

    @BeforeAll
    static void tinyRoberta() throws IOException {
        DjlRuntime.configure();
        String tokenizer = TinyTokenizers.bytePairEncoding(WORDS);
        EncoderConfig config = new EncoderConfig("roberta", TinyTokenizers.vocabSize(tokenizer), 32, 2, 4, 64, 40, 1,
                1e-12, 0.0, 0.0, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(11);
            BertEncoder random = new BertEncoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(root.resolve("tiny-roberta"), config.toJson(), random, tokenizer);
        }
        models = new BaseModels(new ModelRoots(List.of(root)));
    }

    @Test
    void shouldLearnAndReloadWhenTuningLoraOnARobertaDirectory() throws IOException {
        // Given "cat" vs "dog" sentences, LoRA with RoBERTa's default targets (query, value)
        BaseModelArchitecture arch = BaseModelArchitecture.of("tiny-roberta", new BaseModelReference(models.roots()))
                .orElseThrow();
        PreparedDataset data = new PreparedDataset("pets", "1", sentences(0, 24), sentences(24, 8), Map.of());
        MethodConfig lora = MethodConfig.newBuilder().setType(Method.LORA).setTargetModules(arch.defaultLoraTargets())
                .setLoraDropout(0f).build();
        TrainingRequest request = TrainingRequest.newBuilder().setJobId("job-roberta").setModelName("pets")
                .setDatasetId("pets").setDatasetVersion("1").setBaseModel("tiny-roberta").setMethod(lora)
                .setHyperParameters(TinySpamData.hyper().setMaxSteps(24).setEvalEverySteps(24).setLearningRate(3e-2)
                        .build())
                .setRequestedAt(Instant.now()).build();
        // When
        RecordingListener run = new RecordingListener();
        try (FineTuneJob job = FineTuneJob.prepare(request, data, models, Device.cpu())) {
            new FineTuneLoop(job, run, new Cancellation(), new FineTuneLoop.Settings(1, work.resolve("w"), null)).run();
        }
        // Then the loss falls and the validation accuracy is well above chance
        List<Double> losses = run.trainLosses();
        double first = losses.subList(0, 4).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(losses.size() - 4, losses.size()).stream().mapToDouble(d -> d).average().orElseThrow();
        Map<String, Double> metrics = run.checkpoints.get(run.checkpoints.size() - 1).metrics();
        System.out.printf("tiny RoBERTa LoRA: train loss %.4f -> %.4f, validation accuracy %.3f%n", first, last,
                metrics.get("accuracy"));
        assertThat(arch.modelType()).isEqualTo("roberta");
        assertThat(arch.defaultLoraTargets()).containsExactly("query", "value");
        assertThat(last).isLessThan(first * 0.85);
        assertThat(metrics.get("accuracy")).isGreaterThanOrEqualTo(0.75);
        // and the final checkpoint, rebuilt as the evaluator does (LoRA merged), predicts the reported accuracy
        Path weights = Files.write(work.resolve("final.safetensors"), run.checkpointBytes.get(run.checkpointBytes.size() - 1));
        ModelSpec spec = new ModelSpec("tiny-roberta", Task.CLASSIFICATION, lora, List.of("cat", "dog"), 32);
        try (TrainedModel model = TrainedModel.load(spec, weights, new BaseModelReference(models.roots()), Device.cpu())) {
            List<Example> validation = data.validation();
            List<float[]> probabilities = model.predict(validation.stream().map(Example::text).toList(), 8);
            long correct = 0;
            for (int i = 0; i < validation.size(); i++) {
                correct += model.top(probabilities.get(i)).getKey().equals(validation.get(i).label()) ? 1 : 0;
            }
            assertThat((double) correct / validation.size()).isCloseTo(metrics.get("accuracy"), within(1e-9));
        }
    }

    /** @return sentences {@code from .. from + n - 1}, alternating "cat" and "dog", built from the tokenizer's words */
    private static List<Example> sentences(int from, int n) {
        List<String> adjectives = List.of("big", "small", "red", "old");
        List<String> endings = List.of("sat on the mat", "ran home", "sat on a mat", "ran");
        List<Example> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            String animal = i % 2 == 0 ? "cat" : "dog";
            String text = "the " + adjectives.get((i / 2) % 4) + " " + animal + " " + endings.get((i / 8) % 4);
            out.add(Example.labelled(text, animal));
        }
        return out;
    }
}
