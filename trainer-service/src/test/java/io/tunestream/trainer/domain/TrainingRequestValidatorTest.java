package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingRequestValidatorTest {

    final TrainingRequestValidator validator = new TrainingRequestValidator();

    @Test
    void shouldAcceptTheSchemaDefaultsWhenOnlyTheDatasetAndMethodAreGiven() {
        // Given
        TrainingRequest request = TinySpamData.request(HyperParameters.newBuilder().build());
        // When / Then
        assertThat(validator.problems(request)).isEmpty();
    }

    @Test
    void shouldListEveryProblemWhenHyperParametersAreOutOfRange() {
        // Given
        HyperParameters h = HyperParameters.newBuilder().setBatchSize(0).setLearningRate(0).setWarmupRatio(1.5)
                .setGradientAccumulation(0).setMaxSequenceLength(4).setClipNorm(-1.0).setEpochs(0)
                .setEarlyStoppingMetric("bleu").setClassWeights(Map.of("spam", -2.0)).build();
        // When
        List<String> problems = validator.problems(TinySpamData.request(h));
        // Then
        assertThat(problems).hasSize(9).anySatisfy(p -> assertThat(p).startsWith("hyperParameters.batchSize must be in [1, 512], got: 0"))
                .anySatisfy(p -> assertThat(p).startsWith("hyperParameters.learningRate must be in (0, 1]"))
                .anySatisfy(p -> assertThat(p).startsWith("hyperParameters.warmupRatio must be in [0, 1)"))
                .anySatisfy(p -> assertThat(p).contains("earlyStoppingMetric must be one of [accuracy, f1_macro, val_loss]"))
                .anySatisfy(p -> assertThat(p).isEqualTo("hyperParameters.classWeights[spam] must be > 0, got: -2.0"));
    }

    @Test
    void shouldRefuseMethodSettingsThatCannotBuildTheMethod() {
        // Given
        MethodConfig lora = MethodConfig.newBuilder().setType(Method.LORA).setLoraRank(0).setLoraDropout(1f)
                .setTargetModules(List.of()).build();
        MethodConfig prompt = MethodConfig.newBuilder().setType(Method.PROMPT_TUNING).setPromptLength(200).build();
        HyperParameters h = HyperParameters.newBuilder().setMaxSequenceLength(64).build();
        // When
        List<String> loraProblems = validator.problems(TinySpamData.request(h, lora));
        List<String> promptProblems = validator.problems(TinySpamData.request(h, prompt));
        // Then
        assertThat(loraProblems).containsExactly("method.loraRank must be in [1, 1024], got: 0",
                "method.loraDropout must be in [0, 1), got: 1.0",
                "method.targetModules must name at least one projection (e.g. query, value)");
        assertThat(promptProblems).containsExactly(
                "method.promptLength (200) must be smaller than hyperParameters.maxSequenceLength (64)");
    }

    @Test
    void shouldRefuseBadIdentifiersAndUnknownBundledModels() {
        // Given
        TrainingRequest request = TinySpamData.request(HyperParameters.newBuilder().build());
        request.setDatasetId("a b");
        request.setBaseModel("bundled:gpt-5");
        request.setTask(Task.CAUSAL_LM);
        // When
        List<String> problems = validator.problems(request);
        // Then
        assertThat(problems).containsExactly(
                "datasetId 'a b' must be letters, digits, '.', '_' or '-', starting with a letter, digit or '_'",
                "baseModel must be a bundled model (bundled:all-minilm-l6-v2, bundled:bge-small-zh-v1.5) or a Hugging "
                        + "Face directory under a configured model root, got: bundled:gpt-5 (baseModel bundled:gpt-5 is "
                        + "not a bundled model (bundled:all-minilm-l6-v2, bundled:bge-small-zh-v1.5))");
    }

    @Test
    void shouldRefuseIdentifiersThatCouldEscapeADirectory() {
        for (String bad : List.of(".", "..", "%2e%2e", "a/..", "/abs")) {
            // Given
            TrainingRequest request = TinySpamData.request(HyperParameters.newBuilder().build());
            request.setJobId(bad);
            request.setModelName(bad);
            request.setDatasetVersion(bad);
            request.setSweepId(bad);
            request.setTrialId(bad);
            // When
            List<String> problems = validator.problems(request);
            // Then
            assertThat(problems).hasSize(5).allSatisfy(p -> assertThat(p).contains("'" + bad + "' must"))
                    .anySatisfy(p -> assertThat(p).startsWith("jobId '" + bad + "'"))
                    .anySatisfy(p -> assertThat(p).startsWith("modelName '" + bad + "'"))
                    .anySatisfy(p -> assertThat(p).startsWith("trialId '" + bad + "'"));
        }
    }

    @Test
    void shouldNameTheFieldAndTheBoundWhenARequestWouldSizeTooMuchWork() {
        // Given
        HyperParameters h = HyperParameters.newBuilder().setEpochs(1000).setMaxSteps(2_000_000_000).setBatchSize(100_000)
                .setGradientAccumulation(10_000).setMaxSequenceLength(100_000).setEvalEverySteps(2_000_000)
                .setWarmupSteps(-1).setEarlyStoppingPatience(5000).build();
        MethodConfig lora = MethodConfig.newBuilder().setType(Method.LORA).setLoraRank(100_000).build();
        // When
        List<String> problems = validator.problems(TinySpamData.request(h, lora));
        // Then
        assertThat(problems).contains("hyperParameters.epochs must be in [1, 100], got: 1000",
                "hyperParameters.maxSteps must be in [1, 1000000], got: 2000000000",
                "hyperParameters.batchSize must be in [1, 512], got: 100000",
                "hyperParameters.gradientAccumulation must be in [1, 256], got: 10000",
                "hyperParameters.maxSequenceLength must be in [8, 512], got: 100000",
                "hyperParameters.evalEverySteps must be in [1, 1000000], got: 2000000",
                "hyperParameters.warmupSteps must be in [0, 1000000], got: -1",
                "hyperParameters.earlyStoppingPatience must be in [1, 1000], got: 5000",
                "method.loraRank must be in [1, 1024], got: 100000");
    }

    @Test
    void shouldAcceptABaseModelOnlyUnderAConfiguredModelRoot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        // Given a model root holding one model, a directory beside it, and a link inside it that leads out
        java.nio.file.Path root = java.nio.file.Files.createDirectories(tmp.resolve("models"));
        java.nio.file.Files.createDirectories(root.resolve("tiny-bert"));
        java.nio.file.Path outside = java.nio.file.Files.createDirectories(tmp.resolve("secrets"));
        java.nio.file.Files.createSymbolicLink(root.resolve("escape"), outside);
        var rooted = new TrainingRequestValidator(new io.tunestream.model.events.ModelRoots(List.of(root)));
        TrainingRequest request = TinySpamData.request(HyperParameters.newBuilder().build());
        // When / Then
        for (String ok : List.of(root.resolve("tiny-bert").toString(), "file:" + root.resolve("tiny-bert"), "tiny-bert",
                "bundled:all-minilm-l6-v2")) {
            request.setBaseModel(ok);
            assertThat(rooted.problems(request)).as(ok).isEmpty();
        }
        for (String bad : List.of(outside.toString(), "file:" + outside, root + "/../secrets", "escape",
                root.resolve("escape").toString(), "/etc", "..", "%2e%2e/secrets")) {
            request.setBaseModel(bad);
            assertThat(rooted.problems(request)).as(bad).singleElement().asString().startsWith("baseModel must be");
        }
        request.setBaseModel(root.resolve("tiny-bert").toString());
        assertThat(validator.problems(request)).as("no roots configured").hasSize(1);
    }
}
