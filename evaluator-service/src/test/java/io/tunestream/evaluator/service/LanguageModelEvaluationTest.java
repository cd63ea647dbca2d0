package io.tunestream.evaluator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.evaluator.domain.BlessingGate;
import io.tunestream.evaluator.domain.BlessingPolicy;
import io.tunestream.evaluator.domain.BootstrapSettings;
import io.tunestream.evaluator.report.TrainingPoint;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.Evaluation;
import io.tunestream.events.Lineage;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Split;
import io.tunestream.events.Task;
import io.tunestream.model.LmExample;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.CheckpointAssembler.Assembled;
import io.tunestream.model.events.ModelRoots;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.Sha256;
import io.tunestream.model.events.TrainedLanguageModel;
import ai.djl.Device;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CheckpointEvaluator on causal-LM checkpoints of a tiny Llama written here in the Hugging Face layout and fully
 * fine-tuned here with the modelling library: perplexity, token accuracy and exact match on a prompt/completion test
 * split, the report's sample generations of base and fine-tuned model, and the A/B on per-example loss that decides
 * the blessing against a champion.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class LanguageModelEvaluationTest {

    private static final String MODEL = "tiny-instruct";

    @TempDir
    static Path root;
    static Path baseDir;
    static Path strong;
    static Path weak;
    static List<DatasetRecord> test;
    static final AtomicReference<Optional<RegisteredModel>> CHAMPION = new AtomicReference<>(Optional.empty());
    static CheckpointEvaluator evaluator;

    @BeforeAll
    static void trainTinyModels() throws Exception {
        // 12 instructions "say keyN" -> two words, and 2 plain texts; the test split holds all 14
        List<String> words = new ArrayList<>(List.of("say", "the", "end", "is", "near", "and", "far"));
        List<LmExample> examples = new ArrayList<>();
        test = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            words.add("key" + i);
            String completion = "w" + (i * 5 % 8) + " w" + (i * 3 % 7);
            examples.add(new LmExample("say key" + i, completion));
            test.add(record(i, "say key" + i, completion, null));
        }
        for (int i = 0; i < 8; i++) {
            words.add("w" + i);
        }
        for (String text : List.of("the end is near", "the end is far and near")) {
            examples.add(LmExample.text(text));
            test.add(record(test.size(), null, null, text));
        }
        baseDir = root.resolve("models").resolve("tiny-llama");
        TinyLlama.write(baseDir, words);
        strong = root.resolve("strong.safetensors");
        weak = root.resolve("weak.safetensors");
        float[] strongLoss = TinyLlama.fineTune(baseDir, examples, 120, strong);
        float[] weakLoss = TinyLlama.fineTune(baseDir, examples, 4, weak);
        System.out.printf("tiny Llama fine-tuning loss: strong %.4f -> %.4f, weak %.4f -> %.4f%n", strongLoss[0],
                strongLoss[1], weakLoss[0], weakLoss[1]);
        assertThat(strongLoss[1]).isLessThan(0.1f);
        BaseModelReference bases = new BaseModelReference(new ModelRoots(List.of(root.resolve("models"))));
        LanguageModelEvaluator lm = new LanguageModelEvaluator(
                (spec, weights) -> TrainedLanguageModel.load(spec, weights, bases, Device.cpu()),
                new LanguageModelEvaluator.Settings(4, 4, 64, 8), BootstrapSettings.defaults());
        evaluator = new CheckpointEvaluator((id, version) -> test, name -> CHAMPION.get(), job -> curve(),
                (spec, weights) -> {
                    throw new AssertionError("a causal LM is not loaded as a classifier");
                }, lm, new BlessingGate(BlessingPolicy.defaults()), root.resolve("reports"), 8,
                Clock.fixed(Instant.parse("2026-06-11T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    @Order(1)
    void shouldReportPerplexityExactMatchAndSampleGenerationsWhenFirstCausalLmIsEvaluated() throws Exception {
        // Given the strongly fine-tuned checkpoint and no champion
        // When
        CheckpointEvaluator.Outcome outcome = evaluator.evaluate(checkpoint("job-strong", strong));
        // Then
        Evaluation e = outcome.event();
        System.out.printf("STRONG metrics %s reasons %s%n", e.getMetrics(), e.getReasons());
        Map<String, Double> m = e.getMetrics();
        assertThat(e.getTask()).isEqualTo(Task.CAUSAL_LM);
        assertThat(e.getTestRecords()).isEqualTo(14);
        assertThat(m).containsKeys("perplexity", "loss", "token_accuracy", "exact_match", "base_perplexity");
        assertThat(m.get("perplexity")).isCloseTo(Math.exp(m.get("loss")), org.assertj.core.data.Offset.offset(1e-9))
                .isLessThan(1.2).isLessThan(m.get("base_perplexity") / 5);
        assertThat(m.get("token_accuracy")).isGreaterThan(0.95);
        assertThat(m.get("exact_match")).isEqualTo(1.0);
        assertThat(e.getComparison()).isNull();
        assertThat(e.getBlessed()).isTrue();
        assertThat(e.getReasons().get(0)).startsWith("PASS: perplexity = 1.").contains("untuned base model");
        String html = Files.readString(Path.of(URI.create(e.getReportUri())));
        assertThat(html).contains("Language-model metrics").contains("Sample generations")
                .contains("<td>say key0</td><td>w0 w0</td>").contains("<td>yes</td>")
                .contains("<th>base model</th><th>fine-tuned</th>");
        assertThat(e.getPlotUris()).extracting(u -> Path.of(URI.create(u)).getFileName().toString())
                .contains("loss.png", "perplexity.png");
    }

    @Test
    @Order(2)
    void shouldBlessChallengerWhenItsPerExampleLossIsSignificantlyLowerThanTheChampions() {
        // Given the weakly trained weights as champion v1
        CHAMPION.set(Optional.of(registered(1, "job-weak", weak)));
        // When the strong checkpoint of another job is evaluated
        Evaluation e = evaluator.evaluate(checkpoint("job-strong-2", strong)).event();
        // Then
        System.out.printf("STRONG vs weak champion: %s reasons %s%n", e.getComparison(), e.getReasons());
        assertThat(e.getComparison().getChampionVersion()).isEqualTo(1);
        assertThat(e.getComparison().getTest()).isEqualTo("wilcoxon-signed-rank-loss");
        assertThat(e.getComparison().getPValue()).isLessThan(0.001);
        assertThat(e.getComparison().getMetricDelta()).isNegative();
        assertThat(e.getComparison().getCiHigh()).isNegative();
        assertThat(e.getBlessed()).isTrue();
        assertThat(e.getReasons()).anySatisfy(r -> assertThat(r).startsWith("PASS: Wilcoxon signed-rank test"));
    }

    @Test
    @Order(3)
    void shouldNotBlessWeakChallengerWhenTheChampionIsBetter() {
        // Given the strong weights as champion v2
        CHAMPION.set(Optional.of(registered(2, "job-strong", strong)));
        // When the weak checkpoint is evaluated
        Evaluation e = evaluator.evaluate(checkpoint("job-weak-2", weak)).event();
        // Then
        System.out.printf("WEAK vs strong champion: metrics %s %s reasons %s%n", e.getMetrics(), e.getComparison(),
                e.getReasons());
        assertThat(e.getComparison().getChampionVersion()).isEqualTo(2);
        assertThat(e.getComparison().getPValue()).isGreaterThan(0.5);
        assertThat(e.getComparison().getMetricDelta()).isPositive();
        assertThat(e.getMetrics().get("exact_match")).isLessThan(1.0);
        assertThat(e.getBlessed()).isFalse();
        assertThat(e.getReasons()).anySatisfy(r -> assertThat(r).startsWith("FAIL: Wilcoxon"));
    }

    private static Assembled checkpoint(String job, Path weights) {
        Lineage lineage = lineage(job);
        Checkpoint header = Checkpoint.newBuilder().setCheckpointId(job + "-final").setJobId(job).setModelName(MODEL)
                .setStep(120).setIsFinal(true).setTask(Task.CAUSAL_LM).setMethod(method()).setLabels(List.of())
                .setStorage(CheckpointStorage.ARTIFACT).setSha256(Sha256.of(weights))
                .setSizeBytes(weights.toFile().length()).setArtifactUri(weights.toUri().toString())
                .setMetrics(Map.of()).setLineage(lineage).setProducedAt(Instant.now()).build();
        return new Assembled(header, weights);
    }

    private static RegisteredModel registered(int version, String job, Path weights) {
        return new RegisteredModel(MODEL, version, ModelSpec.of(lineage(job)), weights, Sha256.of(weights));
    }

    private static MethodConfig method() {
        return MethodConfig.newBuilder().setType(Method.FULL).setFreezeEmbeddings(false).build();
    }

    private static Lineage lineage(String job) {
        return Lineage.newBuilder().setDatasetId("tiny-instructions").setDatasetVersion("1").setJobId(job)
                .setBaseModel(baseDir.toString()).setSeed(42).setConfig(Map.of("method.type", "FULL",
                        "method.freezeEmbeddings", "false", ModelSpec.TASK_KEY, "CAUSAL_LM",
                        ModelSpec.MAX_LENGTH_KEY, String.valueOf(TinyLlama.MAX_LENGTH)))
                .build();
    }

    private static DatasetRecord record(int i, String prompt, String completion, String text) {
        return DatasetRecord.newBuilder().setRecordId("r" + i).setSourceRecordId("r" + i).setPrompt(prompt)
                .setCompletion(completion).setText(text).setSplit(Split.TEST).build();
    }

    private static List<TrainingPoint> curve() {
        List<TrainingPoint> points = new ArrayList<>();
        for (int step = 1; step <= 120; step += 10) {
            double loss = 4.0 * Math.exp(-step / 30.0) + 0.05;
            points.add(new TrainingPoint(step, step / 120.0, loss, step % 40 == 1 ? loss * 1.1 : Double.NaN, 1e-2));
        }
        return points;
    }
}
