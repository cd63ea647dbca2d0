package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.export.DecoderPeftExport;
import io.tunestream.model.peft.export.PeftLoraExport;
import io.tunestream.model.safetensors.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GPT-2 against a plain-torch transcription of HF's GPT2LMHeadModel (gpt2_reference.py on Debian's
 * python3-torch); skipped where that Python is not installed.
 */
class Gpt2TorchCrossCheckTest {

    private static final String SCRIPT = "gpt2_reference.py";

    static List<Gpt2Config> layouts() {
        int vocab = TinyCheckpoints.vocabSize(Gpt2DecoderTest.WORDS);
        return List.of(Gpt2DecoderTest.config(),
                // untied head, explicit n_inner, scores also scaled by 1 / (layer + 1)
                new Gpt2Config(vocab, 32, 3, 2, 48, 80, 1e-5, 0.1, 0.1, 0.1, true, false, 3, 3));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    @Timeout(120)
    void shouldMatchTorchLogitsWhenSameCheckpointOnPaddedBatch(Gpt2Config config, @TempDir Path dir) throws Exception {
        assumeTrue(TorchReference.available(), "Debian python3-torch not installed");
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a random checkpoint in HF layout and a right-padded batch
            Path model = Files.createDirectories(dir.resolve("model"));
            Gpt2Decoder random = new Gpt2Decoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(model, config.toJson(), random, Gpt2DecoderTest.WORDS);
            try (PretrainedModel loaded = PretrainedModels.loadHuggingFace(model, manager, 32)) {
                TokenBatch batch = loaded.tokenizer().encode(List.of("the quick brown fox jumps over the dog", "the sun"),
                        manager);
                // When
                Gpt2Decoder decoder = (Gpt2Decoder) loaded.backbone();
                float[] djl = decoder.logits(decoder.forward(batch, false).hidden()).toFloatArray();
                JsonObject request = new JsonObject();
                request.addProperty("model_dir", model.toString());
                request.add("ids", TorchReference.rows(batch.inputIds().toLongArray(), batch.batchSize()));
                request.add("mask", TorchReference.rows(batch.attentionMask().toLongArray(), batch.batchSize()));
                float[] torch = TorchReference.floats(TorchReference.run(SCRIPT, request, dir).get("logits"));
                // Then: equal on every real token (padding positions are ignored by both)
                double max = TorchReference.maxDiffOnTokens(djl, torch, batch.attentionMask().toLongArray(),
                        config.vocabSize());
                System.out.printf("gpt2 %d layers: DJL vs torch logits max abs diff %.3g%n", config.numLayers(), max);
                assertThat(max).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    @Timeout(120)
    void shouldMatchTorchLoraGradientsWhenPromptTokensAreMasked(@TempDir Path dir) throws Exception {
        assumeTrue(TorchReference.available(), "Debian python3-torch not installed");
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a tiny GPT-2 with LoRA r=4, alpha=8 on c_attn and non-zero lora_B
            Path model = Files.createDirectories(dir.resolve("model"));
            Gpt2Config config = Gpt2DecoderTest.config();
            Gpt2Decoder random = new Gpt2Decoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(model, config.toJson(), random, Gpt2DecoderTest.WORDS);
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(model, manager, 32)) {
                // When both compute the masked causal-LM loss and its gradients
                LoraGradientCrossCheck.Result result = LoraGradientCrossCheck.run(base, model, List.of("c_attn"), SCRIPT,
                        dir, manager);
                // Then
                System.out.printf("gpt2 LoRA: loss diff %.3g, gradient max abs diff %.3g (largest gradient %.3g)%n",
                        result.lossDiff(), result.gradDiff(), result.largestGrad());
                assertThat(result.tensors()).isEqualTo(2 * 2);
                assertThat(result.largestGrad()).isGreaterThan(1e-3);
                assertThat(result.lossDiff()).isLessThanOrEqualTo(1e-5);
                assertThat(result.gradDiff()).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    private static Path writeTiny(Path dir, NDManager manager) throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Gpt2Config config = Gpt2DecoderTest.config();
        Gpt2Decoder random = new Gpt2Decoder(config);
        random.initializeUnset(manager);
        TinyCheckpoints.write(model, config.toJson(), random, Gpt2DecoderTest.WORDS);
        return model;
    }

    private static JsonObject request(Path model, TokenBatch batch) {
        JsonObject request = new JsonObject();
        request.addProperty("model_dir", model.toString());
        request.add("ids", TorchReference.rows(batch.inputIds().toLongArray(), batch.batchSize()));
        request.add("mask", TorchReference.rows(batch.attentionMask().toLongArray(), batch.batchSize()));
        return request;
    }

    @Test
    @Timeout(120)
    void shouldGiveOurLogitsWhenTorchMergesExportedPeftLora(@TempDir Path dir) throws Exception {
        assumeTrue(TorchReference.available(), "Debian python3-torch not installed");
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given LoRA on c_attn with random lora_B, exported in PEFT's layout
            Path model = writeTiny(dir, manager);
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(model, manager, 32)) {
                CausalLanguageModel lm = CausalLanguageModel.create(base,
                        new MethodConfig.Lora(4, 8, 0, List.of("c_attn", "q_proj")), manager, 3);
                lm.trainableSlots().forEach((name, slot) -> {
                    if (name.endsWith("lora_B.weight")) {
                        slot.assign(manager.randomNormal(0, 0.5f, slot.shape(), DataType.FLOAT32), "test");
                    }
                });
                Path adapter = dir.resolve("adapter");
                DecoderPeftExport.writeLora(adapter, lm.method(), "openai-community/gpt2");
                TokenBatch batch = base.tokenizer().encode(List.of("the quick brown fox jumps", "the sun"), manager);
                float[] ours = lm.forward(batch, false).toFloatArray();
                // When torch merges the adapter as PEFT's merge (W[in, out] += (B A)^T * alpha / r)
                JsonObject request = request(model, batch);
                request.addProperty("peft_dir", adapter.toString());
                float[] torch = TorchReference.floats(TorchReference.run(SCRIPT, request, dir).get("logits"));
                // Then: PEFT's keys and config, and the same logits
                assertThat(SafetensorsReader.header(adapter.resolve(PeftLoraExport.WEIGHTS_FILE)).tensors().keySet())
                        .containsExactlyInAnyOrder("base_model.model.transformer.h.0.attn.c_attn.lora_A.weight",
                                "base_model.model.transformer.h.0.attn.c_attn.lora_B.weight",
                                "base_model.model.transformer.h.1.attn.c_attn.lora_A.weight",
                                "base_model.model.transformer.h.1.attn.c_attn.lora_B.weight");
                assertThat(SafetensorsReader.header(adapter.resolve(PeftLoraExport.WEIGHTS_FILE)).tensors()
                        .get("base_model.model.transformer.h.0.attn.c_attn.lora_B.weight").shape()).containsExactly(96, 4);
                JsonObject config = JsonParser.parseString(Files.readString(adapter.resolve(PeftLoraExport.CONFIG_FILE)))
                        .getAsJsonObject();
                assertThat(config.get("fan_in_fan_out").getAsBoolean()).isTrue();
                assertThat(config.get("target_modules").toString()).isEqualTo("[\"c_attn\"]");
                assertThat(config.get("task_type").getAsString()).isEqualTo("CAUSAL_LM");
                assertThat(config.get("base_model_name_or_path").getAsString()).isEqualTo("openai-community/gpt2");
                double max = TorchReference.maxDiffOnTokens(ours, torch, batch.attentionMask().toLongArray(),
                        base.backbone().vocabSize());
                System.out.printf("gpt2 PEFT LoRA export merged by torch: logits max abs diff %.3g%n", max);
                assertThat(max).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    @Timeout(120)
    void shouldGiveOurLogitsWhenTorchPrependsExportedPromptEmbeddings(@TempDir Path dir) throws Exception {
        assumeTrue(TorchReference.available(), "Debian python3-torch not installed");
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a 5-vector soft prompt exported as PEFT PROMPT_TUNING
            Path model = writeTiny(dir, manager);
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(model, manager, 32)) {
                CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.PromptTuning(5, "the lazy dog"),
                        manager, 3);
                Path adapter = dir.resolve("prompt");
                DecoderPeftExport.writePromptTuning(adapter, lm.method(), "openai-community/gpt2");
                TokenBatch batch = base.tokenizer().encode(List.of("the quick brown fox jumps", "the sun"), manager);
                float[] ours = lm.forward(batch, false).toFloatArray();
                // When torch puts prompt_embeddings in front as PeftModelForCausalLM does
                JsonObject request = request(model, batch);
                request.addProperty("peft_prompt_dir", adapter.toString());
                float[] torch = TorchReference.floats(TorchReference.run(SCRIPT, request, dir).get("logits"));
                // Then: PEFT's key and config, and the same logits on the tokens
                assertThat(SafetensorsReader.header(adapter.resolve(PeftLoraExport.WEIGHTS_FILE)).tensors().get("prompt_embeddings")
                        .shape()).containsExactly(5, 32);
                JsonObject config = JsonParser.parseString(Files.readString(adapter.resolve(PeftLoraExport.CONFIG_FILE)))
                        .getAsJsonObject();
                assertThat(config.get("peft_type").getAsString()).isEqualTo("PROMPT_TUNING");
                assertThat(config.get("num_virtual_tokens").getAsInt()).isEqualTo(5);
                assertThat(config.get("token_dim").getAsInt()).isEqualTo(32);
                assertThat(config.get("num_transformer_submodules").getAsInt()).isEqualTo(1);
                assertThat(config.get("task_type").getAsString()).isEqualTo("CAUSAL_LM");
                double max = TorchReference.maxDiffOnTokens(ours, torch, batch.attentionMask().toLongArray(),
                        base.backbone().vocabSize());
                System.out.printf("gpt2 PEFT prompt-tuning export run by torch: logits max abs diff %.3g%n", max);
                assertThat(max).isLessThanOrEqualTo(1e-5);
            }
        }
    }
}
