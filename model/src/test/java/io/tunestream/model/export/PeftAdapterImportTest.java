package io.tunestream.model.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.LmExample;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.Gpt2Config;
import io.tunestream.model.arch.Gpt2Decoder;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.weights.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An exported PEFT adapter, put back on a fresh base, gives the logits of the model it was exported from. */
class PeftAdapterImportTest {

    private static final List<String> WORDS = Arrays.asList("the quick brown fox jumps over a lazy dog".split(" "));
    private static final List<LmExample> EXAMPLES = List.of(new LmExample("the quick", "brown fox"),
            LmExample.text("a lazy dog jumps over the fox"));

    static Stream<Arguments> adapters() {
        return Stream.of(
                Arguments.of("llama", new MethodConfig.Lora(4, 8, 0, List.of("q_proj", "v_proj"))),
                Arguments.of("gpt2", new MethodConfig.Lora(4, 8, 0, List.of("c_attn"))),
                Arguments.of("gpt2", new MethodConfig.PromptTuning(3, null)),
                Arguments.of("llama", new MethodConfig.PromptTuning(3, null)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("adapters")
    void shouldGiveTheExportedModelsLogitsWhenTheAdapterIsImported(String family, MethodConfig method,
            @TempDir Path dir) throws Exception {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            Path base = writeBase(family, dir.resolve("base"), manager);
            float[] expected;
            try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(base, manager, 32)) {
                // Given a model whose adapter tensors are all non-zero (as after training)
                CausalLanguageModel lm = CausalLanguageModel.create(loaded, method, manager, 7);
                lm.trainableSlots().values().forEach(s -> s.parameter().getArray()
                        .addi(manager.randomNormal(0, 0.2f, s.shape(), s.parameter().getArray().getDataType())));
                expected = logits(lm, manager);
                // When exported
                PeftAdapterExport.write(lm, base.toString(), "CAUSAL_LM", dir.resolve("adapter"));
            }
            try (PretrainedModel fresh = PretrainedModels.loadHuggingFace(base, manager, 32)) {
                // and imported onto a fresh copy of the base
                CausalLanguageModel imported = PeftAdapterImport.load(fresh, dir.resolve("adapter"), manager);
                // Then
                assertThat(imported.method().config().name()).isEqualTo(method.name());
                assertThat(logits(imported, manager)).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldNameTheProblemWhenTheAdapterTargetsModulesTheBaseLacks(@TempDir Path dir) throws Exception {
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a GPT-2 adapter
            Path gpt2 = writeBase("gpt2", dir.resolve("gpt2"), manager);
            Path llama = writeBase("llama", dir.resolve("llama"), manager);
            try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(gpt2, manager, 32)) {
                CausalLanguageModel lm = CausalLanguageModel.create(loaded, new MethodConfig.Lora(4, 8, 0,
                        List.of("c_attn")), manager, 7);
                PeftAdapterExport.write(lm, gpt2.toString(), "CAUSAL_LM", dir.resolve("adapter"));
            }
            // When it is put on a Llama, Then the refusal names what does not fit
            try (PretrainedModel other = PretrainedModels.loadHuggingFace(llama, manager, 32)) {
                assertThatThrownBy(() -> PeftAdapterImport.load(other, dir.resolve("adapter"), manager))
                        .hasMessageContaining("c_attn");
            }
            Files.writeString(dir.resolve("adapter/adapter_config.json"), "{\"peft_type\": \"IA3\"}");
            try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(gpt2, manager, 32)) {
                assertThatThrownBy(() -> PeftAdapterImport.load(loaded, dir.resolve("adapter"), manager))
                        .isInstanceOf(ModelLoadException.class).hasMessageContaining("peft_type 'IA3'");
            }
        }
    }

    private static Path writeBase(String family, Path dir, NDManager manager) throws Exception {
        int vocab = TinyCheckpoints.vocabSize(WORDS);
        Backbone backbone;
        JsonObject config;
        if ("gpt2".equals(family)) {
            Gpt2Config c = Gpt2Config.tiny(vocab, 32, 2, 4, 64, 3);
            backbone = new Gpt2Decoder(c);
            config = c.toJson();
        } else {
            DecoderConfig c = new DecoderConfig("llama", vocab, 32, 2, 4, 2, 64, 64, 1e-6, 10000.0, false, false, 2, 3);
            backbone = new LlamaDecoder(c);
            config = c.toJson();
        }
        backbone.initializeUnset(manager);
        TinyCheckpoints.write(dir, config, backbone, WORDS);
        return dir;
    }

    private static float[] logits(CausalLanguageModel lm, NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            return lm.forward(lm.encode(EXAMPLES, step).tokens(), false).toFloatArray();
        }
    }
}
