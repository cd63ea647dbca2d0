package io.tunestream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.tunestream.model.arch.BertEncoder;
import io.tunestream.model.arch.EncoderConfig;
import io.tunestream.model.arch.TokenBatch;
import io.tunestream.model.safetensors.SafetensorsWriter;
import io.tunestream.model.weights.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HF-layout BERT loading and its typed errors. */
class PretrainedModelsErrorsTest {

    private static final List<String> WORDS = Arrays.asList("spam ham free offer meeting lunch call now win".split(" "));

    @TempDir
    Path dir;
    private NDManager manager;
    private BertEncoder original;
    private EncoderConfig config;

    @BeforeEach
    void writeTinyBert() throws Exception {
        DjlRuntime.configure();
        manager = NDManager.newBaseManager();
        config = new EncoderConfig("bert", TinyCheckpoints.vocabSize(WORDS), 32, 2, 4, 64, 16, 2, 1e-12, 0.1, 0.1);
        original = new BertEncoder(config);
        original.initializeUnset(manager);
        TinyCheckpoints.write(dir, config.toJson(), original, WORDS);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void shouldReproduceHiddenStatesWhenBertLoadedFromHuggingFaceLayout() {
        try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(dir, manager)) {
            TokenBatch batch = loaded.tokenizer().encode(List.of("free offer now", "lunch meeting"), manager);
            assertThat(loaded.backbone().forward(batch, false).hidden().toFloatArray())
                    .isEqualTo(original.forward(batch, false).hidden().toFloatArray());
        }
    }

    @Test
    void shouldNameConfigWhenConfigFileIsMissing() throws Exception {
        Files.delete(dir.resolve("config.json"));
        assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("config.json");
    }

    @Test
    void shouldNameWeightsWhenSafetensorsIsMissing() throws Exception {
        Files.delete(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("model.safetensors");
    }

    @Test
    void shouldNameModelTypeFieldWhenArchitectureIsUnsupported() throws Exception {
        // Given a config.json of an encoder-decoder family we do not build
        JsonObject json = config.toJson();
        json.addProperty("model_type", "t5");
        Files.writeString(dir.resolve("config.json"), json.toString());

        // When / Then: the message names the field, the value and what is supported
        assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("config.json field model_type='t5' is not supported (supported: ")
                .hasMessageContaining("gpt2").hasMessageContaining("llama").hasMessageContaining("bert");
    }

    @Test
    void shouldRefuseRopeScalingNamingTheFieldWhenALlama31ConfigIsLoaded() throws Exception {
        // Given a Llama config with Llama 3.1's rotary scaling, which the decoder does not implement
        JsonObject json = new io.tunestream.model.arch.DecoderConfig("llama", 20, 32, 2, 4, 2, 64, 64, 1e-5, 500000.0,
                false, false, 1, 2).toJson();
        json.add("rope_scaling", com.google.gson.JsonParser.parseString(
                "{\"rope_type\": \"llama3\", \"factor\": 8.0}"));
        Files.writeString(dir.resolve("config.json"), json.toString());

        // When / Then: refused before any weight is read, rather than run with unscaled positions
        assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("config.json field rope_scaling=").hasMessageContaining("llama3");
    }

    @Test
    void shouldNameTensorWhenShapeDiffers() throws Exception {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        original.slots().forEach((name, slot) -> tensors.put(name, slot.parameter().getArray()));
        tensors.put("encoder.layer.1.attention.self.query.weight", manager.zeros(new Shape(32, 16)));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of());
        assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("encoder.layer.1.attention.self.query.weight").hasMessageContaining("(32, 16)");
    }

    @Test
    void shouldNameTensorWhenTensorIsMissing() throws Exception {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        original.slots().forEach((name, slot) -> tensors.put(name, slot.parameter().getArray()));
        tensors.remove("encoder.layer.0.output.dense.bias");
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of());
        assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("encoder.layer.0.output.dense.bias");
    }

    @Test
    void shouldRejectTokenizerWhenVocabularyExceedsEmbeddingRows() throws Exception {
        List<String> more = new java.util.ArrayList<>(WORDS);
        more.addAll(List.of("extra", "words", "beyond", "the", "matrix"));
        Files.writeString(dir.resolve("tokenizer.json"), TinyCheckpoints.wordLevelTokenizer(more));
        assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("tokenizer.json")
                .hasMessageContaining(String.valueOf(config.vocabSize()));
    }
}
