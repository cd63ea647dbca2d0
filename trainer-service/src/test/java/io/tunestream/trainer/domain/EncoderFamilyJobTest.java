package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.SentencePooling;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.TinyTokenizers;
import io.tunestream.model.arch.BertEncoder;
import io.tunestream.model.arch.EncoderConfig;
import io.tunestream.model.arch.Pooling;
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
 * A user's RoBERTa directory (tiny, random, Hugging Face layout with a byte-level BPE tokenizer) under a model root,
 * and the bundled Chinese BGE, train with LoRA through the trainer's job and loop (the family's default LoRA targets,
 * the base model's pooling), and the final checkpoint reloads through the evaluator's {@link TrainedModel} to the
 * accuracy the trainer reported.
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
            // the directory declares no pooling: mean
            assertThat(((TextClassifier) job.model()).head().pooling()).isEqualTo(Pooling.MEAN);
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

    @Test
    void shouldTrainAndReloadWithClsPoolingWhenBaseIsTheBundledChineseModel() throws IOException {
        // Given Chinese sentences about the weather and about food, LoRA on bundled:bge-small-zh-v1.5
        List<String> weather = List.of("今天下大雨，出门记得带伞。", "明天晴天，气温二十五度。", "北方刮起了大风，还有沙尘。",
                "周末有雪，路面可能结冰。", "台风即将登陆，沿海地区注意防范。", "早上有雾，能见度很低。",
                "午后雷阵雨，傍晚转多云。", "今年冬天特别冷，湖面都冻住了。", "春天到了，天气渐渐暖和。",
                "夜里降温，最低气温零下五度。", "连续高温，注意防暑。", "雨过天晴，天边出现了彩虹。");
        List<String> food = List.of("这家饭馆的红烧肉很好吃。", "妈妈包的饺子是韭菜鸡蛋馅的。", "早餐吃了豆浆和油条。",
                "这碗牛肉面的汤很鲜。", "火锅里放了很多辣椒和花椒。", "我最喜欢吃糖醋排骨。", "晚饭做了西红柿炒鸡蛋。",
                "小笼包皮薄馅大，一口一个。", "烤鸭配上薄饼和甜面酱。", "米饭煮得又香又软。", "夏天喝一碗绿豆汤很解暑。",
                "麻婆豆腐又麻又辣。");
        List<Example> train = new ArrayList<>();
        List<Example> validation = new ArrayList<>();
        for (int i = 0; i < weather.size(); i++) {
            List<Example> target = i < 8 ? train : validation;
            target.add(Example.labelled(weather.get(i), "weather"));
            target.add(Example.labelled(food.get(i), "food"));
        }
        PreparedDataset data = new PreparedDataset("zh", "1", train, validation, Map.of());
        MethodConfig lora = MethodConfig.newBuilder().setType(Method.LORA).setLoraDropout(0f).build();
        TrainingRequest request = TrainingRequest.newBuilder().setJobId("job-bge").setModelName("zh")
                .setDatasetId("zh").setDatasetVersion("1").setBaseModel(BaseModelReference.BUNDLED_BGE_ZH)
                .setMethod(lora).setHyperParameters(TinySpamData.hyper().setMaxSteps(8).setEvalEverySteps(8)
                        .setLearningRate(2e-3).build())
                .setRequestedAt(Instant.now()).build();
        // When
        RecordingListener run = new RecordingListener();
        try (FineTuneJob job = FineTuneJob.prepare(request, data, models, Device.cpu())) {
            new FineTuneLoop(job, run, new Cancellation(), new FineTuneLoop.Settings(1, work.resolve("bge"), null)).run();
        }
        // Then the loss falls, and the evaluator's rebuild (CLS pooling from the base, LoRA merged) gives the same
        // validation accuracy the trainer reported
        List<Double> losses = run.trainLosses();
        Map<String, Double> metrics = run.checkpoints.get(run.checkpoints.size() - 1).metrics();
        System.out.printf("bge-small-zh LoRA: train loss %.4f -> %.4f, validation accuracy %.3f%n", losses.get(0),
                losses.get(losses.size() - 1), metrics.get("accuracy"));
        assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0));
        Path weights = Files.write(work.resolve("bge.safetensors"), run.checkpointBytes.get(run.checkpointBytes.size() - 1));
        ModelSpec spec = new ModelSpec(BaseModelReference.BUNDLED_BGE_ZH, Task.CLASSIFICATION, lora,
                List.of("food", "weather"), 32);
        try (TrainedModel model = TrainedModel.load(spec, weights, new BaseModelReference(models.roots()), Device.cpu())) {
            assertThat(model.classifier().head().pooling()).isEqualTo(Pooling.CLS);
            List<float[]> probabilities = model.predict(validation.stream().map(Example::text).toList(), 8);
            long correct = 0;
            for (int i = 0; i < validation.size(); i++) {
                correct += model.top(probabilities.get(i)).getKey().equals(validation.get(i).label()) ? 1 : 0;
            }
            assertThat((double) correct / validation.size()).isCloseTo(metrics.get("accuracy"), within(1e-9));
        }
    }

    @Test
    void shouldPoolAsTheRequestSaysWhenItOverridesTheBaseModel() {
        // Given BGE (CLS by its model card) and a request asking for mean pooling
        PreparedDataset data = new PreparedDataset("zh", "1", List.of(Example.labelled("今天下雨。", "weather"),
                Example.labelled("饺子很好吃。", "food")), List.of(), Map.of());
        TrainingRequest request = TrainingRequest.newBuilder().setJobId("job-mean").setModelName("zh")
                .setDatasetId("zh").setDatasetVersion("1").setBaseModel(BaseModelReference.BUNDLED_BGE_ZH)
                .setMethod(MethodConfig.newBuilder().setType(Method.LORA).build()).setPooling(SentencePooling.MEAN)
                .setHyperParameters(TinySpamData.hyper().setMaxSteps(1).build()).setRequestedAt(Instant.now()).build();
        // When / Then
        try (FineTuneJob job = FineTuneJob.prepare(request, data, models, Device.cpu())) {
            assertThat(((TextClassifier) job.model()).head().pooling()).isEqualTo(Pooling.MEAN);
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
