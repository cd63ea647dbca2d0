package io.tunestream.model.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.LmExample;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.arch.DecoderConfig;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.safetensors.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merged export of a causal LM: a Hugging Face directory that loads back with the same logits. */
class MergedModelExportTest {

    private static final List<String> WORDS = Arrays.asList("reverse abc cba xyz zyx : the a b c".split(" "));
    private static final List<LmExample> EXAMPLES = List.of(new LmExample("reverse abc", "cba"),
            LmExample.text("the a b c xyz"));

    @TempDir
    Path dir;
    Path base;

    @BeforeEach
    void tinyLlama() throws Exception {
        DjlRuntime.configure();
        // a tiny random Llama with an untied head, config naming its HF class, and tokenizer side files
        DecoderConfig config = new DecoderConfig("llama", TinyCheckpoints.vocabSize(WORDS), 32, 2, 4, 2, 64, 64, 1e-6,
                10000.0, false, false, 2, 3);
        JsonObject json = config.toJson();
        JsonArray architectures = new JsonArray();
        architectures.add("LlamaForCausalLM");
        json.add("architectures", architectures);
        json.addProperty("torch_dtype", "bfloat16");
        base = dir.resolve("base");
        try (NDManager manager = NDManager.newBaseManager()) {
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(base, json, random, WORDS);
        }
        Files.writeString(base.resolve("tokenizer_config.json"), "{\"model_max_length\": 64}");
        Files.writeString(base.resolve("generation_config.json"), "{\"bos_token_id\": 2, \"eos_token_id\": 3}");
    }

    @Test
    void shouldExportLoraMergedDirectoryThatLoadsBackWithIdenticalLogits() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel loaded = PretrainedModels.loadHuggingFace(base, manager, 32)) {
            // Given a LoRA model whose B matrices are not zero (as after training), and its logits unmerged
            CausalLanguageModel lm = CausalLanguageModel.create(loaded, new MethodConfig.Lora(4, 8, 0,
                    List.of("q_proj", "v_proj")), manager, 1);
            lm.trainableSlots().forEach((name, slot) -> {
                if (name.endsWith(".lora_B.weight")) {
                    slot.assign(manager.randomNormal(0, 0.5f, slot.shape(), DataType.FLOAT32), "test");
                }
            });
            float[] expected = logits(lm, manager);
            float[] plainBase = logits(CausalLanguageModel.create(PretrainedModels.loadHuggingFace(base, manager, 32),
                    new MethodConfig.FullFineTuning(false), manager, 1), manager);

            // When
            Path out = dir.resolve("merged");
            List<String> written = MergedModelExport.write(lm, base, out);

            // Then: the base's tensor names exactly, F32, config float32 with architectures kept, tokenizer files
            assertThat(SafetensorsReader.header(out.resolve("model.safetensors")).tensors().keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            SafetensorsReader.header(base.resolve("model.safetensors")).tensors().keySet())
                    .containsExactlyInAnyOrderElementsOf(written)
                    .contains("lm_head.weight", "model.layers.1.self_attn.q_proj.weight")
                    .noneMatch(name -> name.contains("lora"));
            assertThat(SafetensorsReader.header(out.resolve("model.safetensors")).tensors().values())
                    .allSatisfy(t -> assertThat(t.dtype().name()).isEqualTo("F32"));
            JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json"))).getAsJsonObject();
            assertThat(config.get("torch_dtype").getAsString()).isEqualTo("float32");
            assertThat(config.get("architectures").getAsJsonArray().get(0).getAsString()).isEqualTo("LlamaForCausalLM");
            assertThat(config.get("num_key_value_heads").getAsInt()).isEqualTo(2);
            assertThat(out.resolve("tokenizer.json")).hasSameTextualContentAs(base.resolve("tokenizer.json"));
            assertThat(out.resolve("generation_config.json")).hasSameTextualContentAs(
                    base.resolve("generation_config.json"));
            assertThat(out.resolve("tokenizer_config.json")).isRegularFile();
            assertThat(out.resolve("special_tokens_map.json")).doesNotExist();
            assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("base",
                    "merged");

            // and loaded as a plain Hugging Face model it computes what the LoRA model computed
            try (PretrainedModel fresh = PretrainedModels.loadHuggingFace(out, manager, 32)) {
                float[] actual = logits(CausalLanguageModel.create(fresh, new MethodConfig.FullFineTuning(false),
                        manager, 1), manager);
                assertThat(maxAbsDiff(actual, plainBase)).as("LoRA changed the logits").isGreaterThan(1e-3);
                assertThat(maxAbsDiff(actual, expected)).isLessThan(1e-5);
            }
        }
    }

    @Test
    void shouldExportFullFineTunedWeightsAsTheyAre() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel loaded = PretrainedModels.loadHuggingFace(base, manager, 32)) {
            // Given a fully fine-tuned model with one weight changed
            CausalLanguageModel lm = CausalLanguageModel.create(loaded, new MethodConfig.FullFineTuning(false),
                    manager, 1);
            var slot = lm.trainableSlots().get("model.layers.0.mlp.down_proj.weight");
            slot.assign(manager.randomNormal(0, 0.2f, slot.shape(), DataType.FLOAT32), "test");
            float[] expected = logits(lm, manager);

            // When
            Path out = dir.resolve("full");
            MergedModelExport.write(lm, base, out);

            // Then
            try (PretrainedModel fresh = PretrainedModels.loadHuggingFace(out, manager, 32)) {
                float[] actual = logits(CausalLanguageModel.create(fresh, new MethodConfig.FullFineTuning(false),
                        manager, 1), manager);
                assertThat(maxAbsDiff(actual, expected)).isLessThan(1e-6);
            }
        }
    }

    @Test
    void shouldRefuseAdapterAndPromptTuningWithThePeftExportAsTheWay() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel loaded = PretrainedModels.loadHuggingFace(base, manager, 32)) {
            // Given an adapter model
            CausalLanguageModel lm = CausalLanguageModel.create(loaded, new MethodConfig.Adapter(8, "gelu"), manager, 1);
            Path out = dir.resolve("adapter");

            // When / Then: refused, nothing written
            assertThatThrownBy(() -> MergedModelExport.write(lm, base, out))
                    .isInstanceOf(MergedModelExport.NotMergeableException.class)
                    .hasMessageContaining("adapter").hasMessageContaining("PEFT adapter");
            assertThatThrownBy(() -> MergedModelExport.requireMergeable(new MethodConfig.PromptTuning(4, null)))
                    .isInstanceOf(MergedModelExport.NotMergeableException.class)
                    .hasMessageContaining("prompt_tuning");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void shouldRefuseAnExistingTargetDirectory() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel loaded = PretrainedModels.loadHuggingFace(base, manager, 32)) {
            CausalLanguageModel lm = CausalLanguageModel.create(loaded, new MethodConfig.FullFineTuning(false),
                    manager, 1);
            Path out = Files.createDirectories(dir.resolve("taken"));
            assertThatThrownBy(() -> MergedModelExport.write(lm, base, out))
                    .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        }
    }

    @Test
    void shouldExportLoraAsPeftAdapterAndZipEitherDirectory() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel loaded = PretrainedModels.loadHuggingFace(base, manager, 32)) {
            // Given a LoRA model, merged for inference
            CausalLanguageModel lm = CausalLanguageModel.create(loaded, new MethodConfig.Lora(4, 8, 0.05,
                    List.of("q_proj", "v_proj")), manager, 1);
            float[] b = lm.trainableSlots().get("model.layers.1.self_attn.v_proj.lora_B.weight").parameter().getArray()
                    .toFloatArray();
            lm.method().merge();

            // When
            Path adapter = dir.resolve("adapter");
            List<String> modules = PeftAdapterExport.write(lm, "org/tiny-llama", "CAUSAL_LM", adapter);
            java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
            DirectoryZip.write(adapter, zip);

            // Then: PEFT's names for LlamaForCausalLM, the trained B, and a zip of exactly the two files
            assertThat(modules).hasSize(4).contains("model.layers.0.self_attn.q_proj");
            var read = io.tunestream.model.peft.export.PeftLoraExport.read(adapter, manager);
            assertThat(read.config().taskType()).isEqualTo("CAUSAL_LM");
            assertThat(read.config().targetModules()).containsExactly("q_proj", "v_proj");
            assertThat(read.config().baseModelNameOrPath()).isEqualTo("org/tiny-llama");
            assertThat(read.modules().get("model.layers.1.self_attn.v_proj").b().toFloatArray()).containsExactly(b);
            assertThat(SafetensorsReader.header(adapter.resolve("adapter_model.safetensors")).tensors().keySet())
                    .contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
            List<String> entries = new java.util.ArrayList<>();
            try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.toByteArray()))) {
                for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    entries.add(e.getName());
                }
            }
            assertThat(entries).containsExactly("adapter_config.json", "adapter_model.safetensors");
            assertThatThrownBy(() -> PeftAdapterExport.requireExportable(new MethodConfig.FullFineTuning(false)))
                    .isInstanceOf(PeftAdapterExport.NotExportableException.class).hasMessageContaining("merged");
        }
    }

    private static float[] logits(CausalLanguageModel lm, NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            return lm.forward(lm.encode(EXAMPLES, step).tokens(), false).toFloatArray();
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
