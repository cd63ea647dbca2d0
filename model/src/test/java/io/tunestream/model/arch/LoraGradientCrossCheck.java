package io.tunestream.model.arch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.LmBatch;
import io.tunestream.model.LmExample;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.safetensors.SafetensorsWriter;
import io.tunestream.model.peft.MethodConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoRA gradients of the causal-LM loss (prompt tokens masked), DJL against torch autograd on a
 * plain-torch transcription of the same model: r=4, alpha=8, dropout 0, lora_B set to random values so
 * the gradients of lora_A are not zero.
 */
final class LoraGradientCrossCheck {

    /** Examples with a prompt (masked) and a completion of different lengths: the batch is right-padded. */
    static final List<LmExample> EXAMPLES = List.of(new LmExample("the quick brown", "fox jumps over the lazy dog"),
            new LmExample("the lazy", "dog sleeps"));

    /**
     * @param lossDiff |loss DJL - loss torch|
     * @param gradDiff max |grad DJL - grad torch| over every LoRA tensor
     * @param largestGrad max |grad| (the scale the difference compares with)
     * @param tensors LoRA tensors compared
     */
    record Result(double lossDiff, double gradDiff, double largestGrad, int tensors) {}

    private LoraGradientCrossCheck() {}

    static Result run(PretrainedModel base, Path modelDir, List<String> targets, String script, Path work,
            NDManager manager) throws Exception {
        CausalLanguageModel lm = CausalLanguageModel.create(base, new MethodConfig.Lora(4, 8, 0, targets), manager, 7);
        Map<String, NDArray> lora = new LinkedHashMap<>();
        lm.trainableSlots().forEach((name, slot) -> {
            if (name.endsWith("lora_B.weight")) {
                slot.assign(manager.randomNormal(0, 0.5f, slot.shape(), DataType.FLOAT32), "test");
            }
            lora.put(name, slot.parameter().getArray());
        });
        Path loraFile = work.resolve("lora.safetensors");
        SafetensorsWriter.write(loraFile, lora, Map.of());
        Map<String, float[]> grads = new LinkedHashMap<>();
        float loss;
        JsonObject request = new JsonObject();
        try (NDManager step = manager.newSubManager()) {
            LmBatch batch = lm.encode(EXAMPLES, step);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = lm.loss(batch, false);
                loss = value.getFloat();
                collector.backward(value);
                lora.forEach((name, array) -> grads.put(name, array.getGradient().toFloatArray()));
            }
            request.addProperty("model_dir", modelDir.toString());
            request.add("ids", TorchReference.rows(batch.tokens().inputIds().toLongArray(), batch.size()));
            request.add("mask", TorchReference.rows(batch.tokens().attentionMask().toLongArray(), batch.size()));
            JsonArray prompts = new JsonArray();
            for (int p : batch.promptTokens()) {
                prompts.add(p);
            }
            request.add("prompt_tokens", prompts);
        }
        request.addProperty("lora_file", loraFile.toString());
        request.addProperty("lora_scaling", 8.0 / 4);
        JsonObject torch = TorchReference.run(script, request, work);
        JsonObject torchGrads = torch.getAsJsonObject("grads");
        assertThat(torchGrads.keySet()).containsExactlyInAnyOrderElementsOf(grads.keySet());
        double gradDiff = 0;
        double largest = 0;
        for (Map.Entry<String, float[]> entry : grads.entrySet()) {
            float[] reference = TorchReference.floats(torchGrads.get(entry.getKey()));
            gradDiff = Math.max(gradDiff, TorchReference.maxDiff(entry.getValue(), reference));
            for (float g : reference) {
                largest = Math.max(largest, Math.abs(g));
            }
        }
        return new Result(Math.abs(loss - torch.get("loss").getAsDouble()), gradDiff, largest, grads.size());
    }
}
