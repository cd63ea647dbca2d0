package io.tunestream.model.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.SoftPrompt;
import io.tunestream.model.peft.export.DecoderPeftExport;
import io.tunestream.model.peft.export.LoraWeights;
import io.tunestream.model.peft.export.PeftLoraExport;
import io.tunestream.model.safetensors.SafetensorsReader;
import io.tunestream.model.weights.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Puts a PEFT adapter directory ({@code adapter_config.json} + {@code adapter_model.safetensors}, as PEFT's
 * {@code save_pretrained} or {@link PeftAdapterExport} writes it) on a loaded decoder: LoRA (PEFT's key names,
 * {@code fan_in_fan_out} as the projections store their weights) or PROMPT_TUNING ({@code prompt_embeddings}). The
 * counterpart of the export, so that an exported adapter can be checked to give the logits it was trained to.
 */
public final class PeftAdapterImport {

    private PeftAdapterImport() {
    }

    /**
     * @param base a loaded decoder (not yet adapted)
     * @param adapter the adapter directory
     * @param manager owner of the adapter's tensors (the base's manager)
     * @return the adapted model (LoRA not merged)
     * @throws ModelLoadException naming the file and field when the adapter does not fit the base
     */
    public static CausalLanguageModel load(PretrainedModel base, Path adapter, NDManager manager) {
        Path configFile = adapter.resolve(PeftLoraExport.CONFIG_FILE);
        JsonObject config;
        try {
            config = JsonParser.parseString(Files.readString(configFile)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
        String type = config.has("peft_type") ? config.get("peft_type").getAsString() : "";
        try {
            return switch (type) {
                case "LORA" -> lora(base, adapter, manager);
                case "PROMPT_TUNING" -> promptTuning(base, adapter, config, manager);
                default -> throw new ModelLoadException(configFile + ": peft_type '" + type
                        + "' is not supported (LORA, PROMPT_TUNING)");
            };
        } catch (IOException e) {
            throw new ModelLoadException("cannot read adapter " + adapter + ": " + e.getMessage(), e);
        }
    }

    private static CausalLanguageModel lora(PretrainedModel base, Path adapter, NDManager manager) throws IOException {
        PeftLoraExport.PeftLoraAdapter read = PeftLoraExport.read(adapter, manager);
        MethodConfig.Lora method = new MethodConfig.Lora(read.config().rank(), read.config().alpha(), 0,
                read.config().targetModules());
        CausalLanguageModel model = CausalLanguageModel.create(base, method, manager, 0);
        Map<String, TensorSlot> slots = model.trainableSlots();
        for (Map.Entry<String, LoraWeights> module : read.modules().entrySet()) {
            assign(slots, module.getKey() + LoraWeights.A_SUFFIX, module.getValue().a(), adapter);
            assign(slots, module.getKey() + LoraWeights.B_SUFFIX, module.getValue().b(), adapter);
        }
        long loraSlots = slots.keySet().stream().filter(n -> n.endsWith(LoraWeights.A_SUFFIX)).count();
        if (loraSlots != read.modules().size()) {
            throw new ModelLoadException(adapter + " adapts " + read.modules().size() + " modules but target_modules "
                    + read.config().targetModules() + " match " + loraSlots + " projections of the base");
        }
        return model;
    }

    private static CausalLanguageModel promptTuning(PretrainedModel base, Path adapter, JsonObject config,
            NDManager manager) throws IOException {
        int tokens = config.get("num_virtual_tokens").getAsInt();
        CausalLanguageModel model = CausalLanguageModel.create(base, new MethodConfig.PromptTuning(tokens, null),
                manager, 0);
        Map<String, NDArray> tensors = SafetensorsReader.read(adapter.resolve(PeftLoraExport.WEIGHTS_FILE), manager);
        NDArray vectors = tensors.get(DecoderPeftExport.PROMPT_KEY);
        if (vectors == null) {
            throw new ModelLoadException(adapter.resolve(PeftLoraExport.WEIGHTS_FILE) + " has no '"
                    + DecoderPeftExport.PROMPT_KEY + "' tensor");
        }
        assign(model.trainableSlots(), SoftPrompt.NAME, vectors, adapter);
        return model;
    }

    private static void assign(Map<String, TensorSlot> slots, String name, NDArray value, Path adapter) {
        TensorSlot slot = slots.get(name);
        if (slot == null) {
            throw new ModelLoadException(adapter + " has " + name + ", which this base model has no place for");
        }
        slot.assign(value, adapter.toString());
    }
}
