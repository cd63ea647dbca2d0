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
        assertThat(problems).hasSize(9).anySatisfy(p -> assertThat(p).startsWith("hyperParameters.batchSize must be >= 1"))
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
    void shouldRefuseBadIdentifiersAndUnsupportedTasks() {
        // Given
        TrainingRequest request = TinySpamData.request(HyperParameters.newBuilder().build());
        request.setDatasetId("a b");
        request.setBaseModel("bundled:gpt-5");
        request.setTask(Task.CAUSAL_LM);
        // When
        List<String> problems = validator.problems(request);
        // Then
        assertThat(problems).containsExactly("datasetId must be 1-128 letters, digits, '.', '_' or '-', got: a b",
                "baseModel must be bundled:all-minilm-l6-v2 or a Hugging Face directory, got: bundled:gpt-5",
                "task CAUSAL_LM is not trained by trainer-service; use CLASSIFICATION or REGRESSION");
    }
}
