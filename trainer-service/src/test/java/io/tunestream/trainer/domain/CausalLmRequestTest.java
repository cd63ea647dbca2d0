package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.events.BaseModelReference;
import io.tunestream.model.events.ModelRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a causal-LM request and its dataset must be: a decoder base, targets it has, text or prompt/completion. */
class CausalLmRequestTest {

    @TempDir
    static Path root;
    static Path llama;
    static TrainingRequestValidator validator;

    @BeforeAll
    static void models() throws IOException {
        llama = TinyLlama.write(root.resolve("tiny-llama"));
        Path t5 = Files.createDirectories(root.resolve("tiny-t5"));
        Files.writeString(t5.resolve("config.json"), "{\"model_type\": \"t5\", \"d_model\": 32}");
        validator = new TrainingRequestValidator(new ModelRoots(List.of(root)));
    }

    static TrainingRequest lm(String base, MethodConfig method) {
        TrainingRequest request = TinyLlama.request(llama, HyperParameters.newBuilder().build(), method);
        request.setBaseModel(base);
        return request;
    }

    static MethodConfig lora(String... targets) {
        return MethodConfig.newBuilder().setType(Method.LORA).setTargetModules(List.of(targets)).build();
    }

    @Test
    void shouldAcceptACausalLmJobOnADecoderWithEveryMethod() {
        for (MethodConfig method : List.of(lora("q_proj", "v_proj"), lora("q_proj", "k_proj", "v_proj", "o_proj"),
                MethodConfig.newBuilder().setType(Method.PROMPT_TUNING).build(),
                MethodConfig.newBuilder().setType(Method.ADAPTER).build(),
                MethodConfig.newBuilder().setType(Method.FULL).build())) {
            assertThat(validator.problems(lm(llama.toString(), method))).as(method.toString()).isEmpty();
            assertThat(validator.problems(lm("tiny-llama", method))).as("relative to the root").isEmpty();
        }
    }

    @Test
    void shouldRefuseACausalLmJobOnAnEncoderNamingItsModelType() {
        // When / Then
        assertThat(validator.problems(lm(BaseModelReference.BUNDLED_MINILM, lora("query", "value")))).containsExactly(
                "causal_lm needs a decoder base model (llama, qwen2, mistral, gpt2); bundled:all-minilm-l6-v2 has "
                        + "model_type 'bert'");
    }

    @Test
    void shouldGiveTheLoadersMessageWhenTheModelTypeIsNotSupported() {
        assertThat(validator.problems(lm(root.resolve("tiny-t5").toString(), lora("q")))).singleElement().asString()
                .startsWith("baseModel " + root.resolve("tiny-t5") + " cannot be used: ")
                .contains("config.json field model_type='t5' is not supported");
    }

    @Test
    void shouldRefuseLoraTargetsTheFamilyDoesNotHaveAndNameItsOwn() {
        assertThat(validator.problems(lm(llama.toString(), lora("query", "value")))).containsExactly(
                "method.targetModules [query, value] match no module of " + llama + " (model_type 'llama'); its "
                        + "attention's query and value projections are [q_proj, v_proj]");
    }

    @Test
    void shouldAcceptOnlyTheCausalLmMetricsForEarlyStopping() {
        TrainingRequest request = lm(llama.toString(), lora("q_proj", "v_proj"));
        request.getHyperParameters().setEarlyStoppingMetric("val_perplexity");
        assertThat(validator.problems(request)).isEmpty();
        request.getHyperParameters().setEarlyStoppingMetric("accuracy");
        assertThat(validator.problems(request)).containsExactly("hyperParameters.earlyStoppingMetric must be one of "
                + "[val_loss, val_perplexity, val_token_accuracy] for CAUSAL_LM, got: accuracy");
        assertThat(new EarlyStopping("val_perplexity", 1).record(1, 5.0)).isTrue();
        EarlyStopping perplexity = new EarlyStopping("val_perplexity", 1);
        perplexity.record(1, 5.0);
        assertThat(perplexity.record(2, 6.0)).as("higher perplexity is worse").isFalse();
        assertThat(perplexity.shouldStop()).isTrue();
    }

    @Test
    void shouldDefaultLoraTargetsToTheFamilysQueryAndValueProjections() {
        BaseModelReference refs = new BaseModelReference(new ModelRoots(List.of(root)));
        assertThat(BaseModelArchitecture.of(llama.toString(), refs).orElseThrow().defaultLoraTargets())
                .containsExactly("q_proj", "v_proj");
        assertThat(BaseModelArchitecture.of(BaseModelReference.BUNDLED_MINILM, refs).orElseThrow().defaultLoraTargets())
                .containsExactly("query", "value");
        assertThat(BaseModelArchitecture.of(llama.toString(), refs).orElseThrow().decoder()).isTrue();
    }

    @Test
    void shouldTurnPromptsAndCompletionsOrTextsIntoLmExamplesAndNeedNoLabels() {
        // Given instruction records and a plain text, sealed as causal_lm
        PreparedDataset data = new PreparedDataset("d", "1", List.of(Example.instruction("reverse a b", "b a"),
                new Example("the a b c", null, null)), List.of(Example.instruction(null, "c")),
                Map.of(PreparedDataset.TASK_KEY, "causal_lm"));
        // When / Then
        assertThat(DatasetChecks.labels(lm(llama.toString(), lora("q_proj")), data)).isEmpty();
        assertThat(data.train().get(0).lmExample()).isEqualTo(new io.tunestream.model.LmExample("reverse a b", "b a"));
        assertThat(data.train().get(1).lmExample()).isEqualTo(io.tunestream.model.LmExample.text("the a b c"));
        assertThat(data.validation().get(0).lmExample()).isEqualTo(new io.tunestream.model.LmExample("", "c"));
    }

    @Test
    void shouldFailWhenTheSealedTaskIsNotTheJobsOrARecordHasNoText() {
        List<Example> texts = List.of(Example.labelled("win", "spam"), Example.labelled("lunch", "ham"));
        TrainingRequest lmJob = lm(llama.toString(), lora("q_proj"));
        assertThatThrownBy(() -> DatasetChecks.labels(lmJob, new PreparedDataset("d", "1", texts, List.of(),
                Map.of("task", "classification")))).isInstanceOfSatisfying(JobFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("dataset d@1 is sealed for task classification (seal config "
                            + "task); a CAUSAL_LM job needs a causal_lm dataset");
                });
        TrainingRequest classifier = TinySpamData.request(HyperParameters.newBuilder().build());
        assertThatThrownBy(() -> DatasetChecks.labels(classifier, new PreparedDataset("d", "1", texts, List.of(),
                Map.of("task", "causal_lm")))).isInstanceOfSatisfying(JobFailedException.class,
                        e -> assertThat(e.getMessage()).contains("a CLASSIFICATION job needs a dataset of another task"));
        assertThat(DatasetChecks.labels(classifier, new PreparedDataset("d", "1", texts, List.of(),
                Map.of("task", "classification")))).containsExactly("ham", "spam");
        assertThatThrownBy(() -> DatasetChecks.labels(lmJob, new PreparedDataset("d", "1",
                List.of(Example.labelled(null, "spam"), Example.instruction("p", "c")), List.of(),
                Map.of("task", "causal_lm"))))
                .isInstanceOfSatisfying(JobFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.LABEL_MISMATCH);
                    assertThat(e.getMessage()).contains("1 record(s) have neither");
                });
        assertThatThrownBy(() -> DatasetChecks.labels(lmJob, new PreparedDataset("d", "1", texts, List.of(), Map.of())))
                .as("a seal without a task is a classification dataset")
                .hasMessageContaining("is sealed for task classification");
        assertThat(lmJob.getTask()).isEqualTo(Task.CAUSAL_LM);
    }
}
