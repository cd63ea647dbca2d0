package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.training.TrainingStep;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Done-when: a tiny LLaMA-layout model round-trips through HF safetensors and learns a text. */
class LlamaDecoderTest {

    private static final String TEXT = "the quick brown fox jumps over the lazy dog and the dog sleeps in the sun";
    private static final List<String> WORDS = Arrays.asList(TEXT.split(" "));

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(config("llama", 4, 2, false, false)),
                Arguments.of(config("qwen2", 4, 2, true, true)),
                Arguments.of(config("mistral", 4, 1, false, false)));
    }

    static DecoderConfig config(String type, int heads, int kvHeads, boolean tied, boolean bias) {
        return new DecoderConfig(type, TinyCheckpoints.vocabSize(WORDS), 32, 2, heads, kvHeads, 64, 64, 1e-6, 10000.0,
                tied, bias);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void shouldReproduceLogitsWhenSavedAndLoadedAsHuggingFace(DecoderConfig config, @TempDir Path dir) throws Exception {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a random tiny decoder written in the HF layout
            LlamaDecoder original = new LlamaDecoder(config);
            original.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), original, WORDS);
            try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(dir, manager, 32)) {
                TokenBatch batch = loaded.tokenizer().encode(List.of(TEXT, "the lazy fox"), manager);
                // When
                float[] expected = original.logits(original.forward(batch, false).hidden()).toFloatArray();
                LlamaDecoder decoder = (LlamaDecoder) loaded.backbone();
                float[] actual = decoder.logits(decoder.forward(batch, false).hidden()).toFloatArray();
                // Then
                assertThat(decoder.modelType()).isEqualTo(config.modelType());
                assertThat(actual).isEqualTo(expected);
                assertThat(decoder.slots().keySet()).contains("model.layers.1.self_attn.q_proj.weight",
                        "model.layers.0.mlp.gate_proj.weight", "model.norm.weight");
                assertThat(decoder.slots().containsKey("lm_head.weight")).isEqualTo(!config.tieWordEmbeddings());
                assertThat(decoder.slots().containsKey("model.layers.0.self_attn.q_proj.bias")).isEqualTo(config.attentionBias());
            }
        }
    }

    @Test
    void shouldLowerCausalLmLossWhenTrainedOnShortText(@TempDir Path dir) throws Exception {
        DjlRuntime.configure();
        DecoderConfig config = config("llama", 4, 2, false, false);
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), random, WORDS);
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(dir, manager, 32)) {
                // Given: the first three tokens ([CLS] the quick) are a prompt, not targets
                CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.FullFineTuning(false), manager, 1);
                Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(3e-3f)).optWeightDecays(0f).build();
                int[] prompt = {3};
                float first = 0;
                float last = 0;
                // When
                for (int step = 0; step < 40; step++) {
                    float loss = TrainingStep.run(manager, lm.trainableSlots().values(), adamW, m -> {
                        TokenBatch batch = base.tokenizer().encode(List.of(TEXT), m);
                        return lm.loss(lm.forward(batch, true), batch, prompt);
                    });
                    first = step == 0 ? loss : first;
                    last = loss;
                }
                // Then
                System.out.printf("tiny llama causal LM loss %.3f -> %.3f%n", first, last);
                assertThat(first).isGreaterThan(2.0f);
                assertThat(last).isLessThan(first * 0.3f);
            }
        }
    }
}
