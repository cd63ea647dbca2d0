package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
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

/** GPT-2 in the HF layout: names, Conv1D storage, loading variants and config.json. */
class Gpt2DecoderTest {

    static final String TEXT = "the quick brown fox jumps over the lazy dog and the dog sleeps in the sun";
    static final List<String> WORDS = Arrays.asList(TEXT.split(" "));

    @TempDir
    Path dir;
    private NDManager manager;

    /** A tiny tied GPT-2 whose EOS (and pad) is [SEP] = 3. */
    static Gpt2Config config() {
        return Gpt2Config.tiny(TinyCheckpoints.vocabSize(WORDS), 32, 2, 4, 64, 3);
    }

    @BeforeEach
    void setUp() {
        DjlRuntime.configure();
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private Gpt2Decoder writeRandom(Gpt2Config config) throws Exception {
        Gpt2Decoder random = new Gpt2Decoder(config);
        random.initializeUnset(manager);
        TinyCheckpoints.write(dir, config.toJson(), random, WORDS);
        return random;
    }

    private static float[] logits(Gpt2Decoder decoder, TokenBatch batch) {
        return decoder.logits(decoder.forward(batch, false).hidden()).toFloatArray();
    }

    @Test
    void shouldReproduceLogitsWithHfNamesWhenSavedAndLoaded() throws Exception {
        // Given a random tiny GPT-2 written in the HF layout
        Gpt2Decoder original = writeRandom(config());
        try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(dir, manager, 32)) {
            TokenBatch batch = loaded.tokenizer().encode(List.of(TEXT, "the lazy fox"), manager);
            // When
            Gpt2Decoder decoder = (Gpt2Decoder) loaded.backbone();
            // Then: same logits, HF names, Conv1D weights stored [in, out], no lm_head tensor (tied)
            assertThat(logits(decoder, batch)).isEqualTo(logits(original, batch));
            assertThat(decoder.modelType()).isEqualTo("gpt2");
            assertThat(decoder.slots().keySet()).containsExactly("transformer.wte.weight", "transformer.wpe.weight",
                    "transformer.h.0.ln_1.weight", "transformer.h.0.ln_1.bias",
                    "transformer.h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.bias",
                    "transformer.h.0.attn.c_proj.weight", "transformer.h.0.attn.c_proj.bias",
                    "transformer.h.0.ln_2.weight", "transformer.h.0.ln_2.bias",
                    "transformer.h.0.mlp.c_fc.weight", "transformer.h.0.mlp.c_fc.bias",
                    "transformer.h.0.mlp.c_proj.weight", "transformer.h.0.mlp.c_proj.bias",
                    "transformer.h.1.ln_1.weight", "transformer.h.1.ln_1.bias",
                    "transformer.h.1.attn.c_attn.weight", "transformer.h.1.attn.c_attn.bias",
                    "transformer.h.1.attn.c_proj.weight", "transformer.h.1.attn.c_proj.bias",
                    "transformer.h.1.ln_2.weight", "transformer.h.1.ln_2.bias",
                    "transformer.h.1.mlp.c_fc.weight", "transformer.h.1.mlp.c_fc.bias",
                    "transformer.h.1.mlp.c_proj.weight", "transformer.h.1.mlp.c_proj.bias",
                    "transformer.ln_f.weight", "transformer.ln_f.bias");
            assertThat(decoder.slots().get("transformer.h.0.attn.c_attn.weight").shape().getShape()).containsExactly(32, 96);
            assertThat(decoder.slots().get("transformer.h.0.mlp.c_proj.weight").shape().getShape()).containsExactly(128, 32);
        }
    }

    @Test
    void shouldSaveByteIdenticalWeightsWhenLoadedCheckpointIsWrittenAgain() throws Exception {
        // Given a checkpoint loaded from the HF layout
        writeRandom(config());
        try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(dir, manager, 32)) {
            // When its slots are written again
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            loaded.backbone().slots().forEach((name, slot) -> tensors.put(name, slot.parameter().getArray()));
            Path again = dir.resolve("again.safetensors");
            SafetensorsWriter.write(again, tensors, Map.of("format", "pt"));
            // Then the file is the same, byte for byte
            assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(dir.resolve("model.safetensors")));
        }
    }

    @Test
    void shouldLoadGpt2ModelCheckpointWhenNamesLackPrefixAndCarryAttentionBuffers() throws Exception {
        // Given a GPT2Model-style save: no "transformer." prefix, plus the attn.bias / attn.masked_bias buffers
        Gpt2Config config = config();
        Gpt2Decoder original = writeRandom(config);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        original.slots().forEach((name, slot) -> tensors.put(name.substring("transformer.".length()),
                slot.parameter().getArray()));
        for (int i = 0; i < config.numLayers(); i++) {
            tensors.put("h." + i + ".attn.bias", manager.ones(new ai.djl.ndarray.types.Shape(1, 1, 64, 64)));
            tensors.put("h." + i + ".attn.masked_bias", manager.create(-1e4f));
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        // When
        try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(dir, manager, 32)) {
            TokenBatch batch = loaded.tokenizer().encode(List.of(TEXT, "the lazy fox"), manager);
            // Then
            assertThat(logits((Gpt2Decoder) loaded.backbone(), batch)).isEqualTo(logits(original, batch));
        }
    }

    @Test
    void shouldNameFieldWhenActivationIsNotGeluNew() throws Exception {
        // Given a gpt2 config.json asking for exact GELU
        writeRandom(config());
        JsonObject json = config().toJson();
        json.addProperty("activation_function", "gelu");
        Files.writeString(dir.resolve("config.json"), json.toString());
        // When / Then
        assertThatThrownBy(() -> PretrainedModels.loadHuggingFace(dir, manager, 32)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("activation_function='gelu'").hasMessageContaining("gelu_new");
    }

    @Test
    void shouldWriteCompleteHfConfigWhenSerialised() {
        // Given a config with an explicit n_inner and an untied head
        Gpt2Config config = new Gpt2Config(50, 32, 2, 4, 64, 96, 1e-5, 0.1, 0.1, 0.1, false, false, 7, 8);
        // When
        JsonObject json = config.toJson();
        // Then: HF's keys, and it reads back to the same config
        assertThat(json.get("architectures").toString()).isEqualTo("[\"GPT2LMHeadModel\"]");
        assertThat(json.get("model_type").getAsString()).isEqualTo("gpt2");
        assertThat(json.get("activation_function").getAsString()).isEqualTo("gelu_new");
        assertThat(json.keySet()).contains("n_embd", "n_layer", "n_head", "n_positions", "n_ctx", "n_inner",
                "layer_norm_epsilon", "resid_pdrop", "embd_pdrop", "attn_pdrop", "bos_token_id", "eos_token_id",
                "tie_word_embeddings", "scale_attn_weights", "vocab_size");
        assertThat(Gpt2Config.fromJson(json)).isEqualTo(config);
        JsonObject defaults = Gpt2Config.tiny(50, 32, 2, 4, 64, 3).toJson();
        assertThat(defaults.get("n_inner").isJsonNull()).isTrue();
        assertThat(Gpt2Config.fromJson(defaults).innerSize()).isEqualTo(128);
        defaults.remove("tie_word_embeddings");
        assertThat(Gpt2Config.fromJson(defaults).tieWordEmbeddings()).isTrue();
    }

    @Test
    void shouldLoadUntiedHeadWhenTieWordEmbeddingsIsFalse() throws Exception {
        // Given an untied GPT-2 (lm_head.weight saved beside transformer.*)
        Gpt2Config config = new Gpt2Config(TinyCheckpoints.vocabSize(WORDS), 32, 1, 4, 64, 128, 1e-5, 0, 0, 0, true,
                false, 3, 3);
        Gpt2Decoder original = writeRandom(config);
        // When
        try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(dir, manager, 32)) {
            TokenBatch batch = loaded.tokenizer().encode(List.of(TEXT), manager);
            // Then
            assertThat(loaded.backbone().slots()).containsKey("lm_head.weight");
            assertThat(logits((Gpt2Decoder) loaded.backbone(), batch)).isEqualTo(logits(original, batch));
        }
    }
}
