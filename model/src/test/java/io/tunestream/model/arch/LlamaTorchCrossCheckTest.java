package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.export.DecoderPeftExport;
import io.tunestream.model.peft.export.PeftLoraExport;
import io.tunestream.model.safetensors.SafetensorsReader;
import org.junit.jupiter.api.Test;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TinyCheckpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder against a plain-torch transcription of HF's LLaMA forward (Debian python3-torch);
 * skipped where that Python is not installed.
 */
class LlamaTorchCrossCheckTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    static List<DecoderConfig> layouts() {
        return List.of(LlamaDecoderTest.config("llama", 4, 2, false, false), LlamaDecoderTest.config("qwen2", 4, 1, true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    @Timeout(120)
    void shouldMatchTorchReferenceWhenSameCheckpoint(DecoderConfig config, @TempDir Path dir) throws Exception {
        assumeTrue(torchAvailable(), "Debian python3-torch not installed");
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a random checkpoint and a padded batch
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(dir, config.toJson(), random, Arrays.asList(
                    "the quick brown fox jumps over the lazy dog and the dog sleeps in the sun".split(" ")));
            try (PretrainedModel model = PretrainedModels.loadHuggingFace(dir, manager, 32)) {
                TokenBatch batch = model.tokenizer().encode(List.of("the quick brown fox jumps over the dog", "the sun"), manager);
                long[] shape = batch.inputIds().getShape().getShape();
                // When
                LlamaDecoder decoder = (LlamaDecoder) model.backbone();
                float[] djl = decoder.logits(decoder.forward(batch, false).hidden()).toFloatArray();
                float[] torch = reference(dir, rows(batch.inputIds().toLongArray(), shape), rows(batch.attentionMask().toLongArray(), shape));
                // Then: compare where the mask is 1 (padded rows differ only in ignored positions)
                long[] mask = batch.attentionMask().toLongArray();
                int vocab = config.vocabSize();
                double max = 0;
                for (int t = 0; t < mask.length; t++) {
                    for (int v = 0; mask[t] == 1 && v < vocab; v++) {
                        max = Math.max(max, Math.abs(djl[t * vocab + v] - torch[t * vocab + v]));
                    }
                }
                System.out.printf("%s: DJL vs torch reference max abs diff %.3g%n", config.modelType(), max);
                assertThat(torch).hasSameSizeAs(djl);
                assertThat(max).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    @Timeout(120)
    void shouldMatchTorchLoraGradientsWhenPromptTokensAreMasked(DecoderConfig config, @TempDir Path dir) throws Exception {
        assumeTrue(torchAvailable(), "Debian python3-torch not installed");
        DjlRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given a tiny decoder with LoRA r=4, alpha=8 on q_proj and v_proj and non-zero lora_B
            Path model = Files.createDirectories(dir.resolve("model"));
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(model, config.toJson(), random, Arrays.asList(
                    "the quick brown fox jumps over the lazy dog and the dog sleeps in the sun".split(" ")));
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(model, manager, 32)) {
                // When both compute the masked causal-LM loss and its gradients
                LoraGradientCrossCheck.Result result = LoraGradientCrossCheck.run(base, model, List.of("q_proj", "v_proj"),
                        "llama_reference.py", dir, manager);
                // Then
                System.out.printf("%s LoRA: loss diff %.3g, gradient max abs diff %.3g (largest gradient %.3g)%n",
                        config.modelType(), result.lossDiff(), result.gradDiff(), result.largestGrad());
                assertThat(result.tensors()).isEqualTo(2 * 2 * 2);
                assertThat(result.largestGrad()).isGreaterThan(1e-3);
                assertThat(result.lossDiff()).isLessThanOrEqualTo(1e-5);
                assertThat(result.gradDiff()).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    @Timeout(120)
    void shouldGiveOurLogitsWhenTorchMergesExportedPeftLora(@TempDir Path dir) throws Exception {
        assumeTrue(torchAvailable(), "Debian python3-torch not installed");
        DjlRuntime.configure();
        DecoderConfig config = LlamaDecoderTest.config("llama", 4, 2, false, false);
        try (NDManager manager = NDManager.newBaseManager()) {
            // Given LoRA on q_proj and v_proj with random lora_B, exported in PEFT's layout
            Path model = Files.createDirectories(dir.resolve("model"));
            LlamaDecoder random = new LlamaDecoder(config);
            random.initializeUnset(manager);
            TinyCheckpoints.write(model, config.toJson(), random, Arrays.asList(
                    "the quick brown fox jumps over the lazy dog and the dog sleeps in the sun".split(" ")));
            try (PretrainedModel base = PretrainedModels.loadHuggingFace(model, manager, 32)) {
                CausalLanguageModel lm = CausalLanguageModel.create(base, MethodConfig.Lora.defaults(), manager, 3);
                lm.trainableSlots().forEach((name, slot) -> {
                    if (name.endsWith("lora_B.weight")) {
                        slot.assign(manager.randomNormal(0, 0.5f, slot.shape(), DataType.FLOAT32), "test");
                    }
                });
                Path adapter = dir.resolve("adapter");
                DecoderPeftExport.writeLora(adapter, lm.method(), "meta-llama/Llama-3.2-1B");
                TokenBatch batch = base.tokenizer().encode(List.of("the quick brown fox jumps", "the sun"), manager);
                float[] ours = lm.forward(batch, false).toFloatArray();
                // When torch merges the adapter as PEFT's merge (W += B A * alpha / r)
                JsonObject request = new JsonObject();
                request.addProperty("model_dir", model.toString());
                request.add("ids", TorchReference.rows(batch.inputIds().toLongArray(), batch.batchSize()));
                request.add("mask", TorchReference.rows(batch.attentionMask().toLongArray(), batch.batchSize()));
                request.addProperty("peft_dir", adapter.toString());
                float[] torch = TorchReference.floats(TorchReference.run("llama_reference.py", request, dir).get("logits"));
                // Then: PEFT's keys and config, and the same logits
                assertThat(SafetensorsReader.header(adapter.resolve(PeftLoraExport.WEIGHTS_FILE)).tensors().keySet())
                        .hasSize(8).contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                                "base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight");
                JsonObject adapterConfig = JsonParser.parseString(Files.readString(adapter.resolve(PeftLoraExport.CONFIG_FILE)))
                        .getAsJsonObject();
                assertThat(adapterConfig.get("fan_in_fan_out").getAsBoolean()).isFalse();
                assertThat(adapterConfig.get("target_modules").toString()).isEqualTo("[\"q_proj\",\"v_proj\"]");
                assertThat(adapterConfig.get("task_type").getAsString()).isEqualTo("CAUSAL_LM");
                double max = TorchReference.maxDiffOnTokens(ours, torch, batch.attentionMask().toLongArray(),
                        config.vocabSize());
                System.out.printf("llama PEFT LoRA export merged by torch: logits max abs diff %.3g%n", max);
                assertThat(max).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    private static String rows(long[] flat, long[] shape) {
        StringBuilder json = new StringBuilder("[");
        for (int r = 0; r < shape[0]; r++) {
            long[] row = Arrays.copyOfRange(flat, (int) (r * shape[1]), (int) ((r + 1) * shape[1]));
            json.append(r == 0 ? "" : ",").append(Arrays.toString(row));
        }
        return json.append("]").toString();
    }

    private static float[] reference(Path dir, String ids, String mask) throws Exception {
        Path script = Path.of("src/test/resources/reference/llama_reference.py");
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), dir.toString(), ids, mask)
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        var array = JsonParser.parseString(out.trim()).getAsJsonArray();
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsFloat();
        }
        return values;
    }

    private static boolean torchAvailable() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
