package io.tunestream.model.peft.export;

import ai.djl.ndarray.NDArray;
import com.google.gson.stream.JsonWriter;
import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.arch.Gpt2Decoder;
import io.tunestream.model.arch.LlamaDecoder;
import io.tunestream.model.arch.Projection;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.PeftMethod;
import io.tunestream.model.peft.SoftPrompt;
import io.tunestream.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a causal-LM method in PEFT's layout for {@code AutoPeftModelForCausalLM}: LoRA on a decoder
 * (keys {@code base_model.model.transformer.h.N.attn.c_attn.lora_A.weight} for GPT-2 with
 * {@code fan_in_fan_out: true}, {@code base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight} for
 * the LLaMA family; our parameter names already are the HF module paths of the {@code *ForCausalLM} class),
 * and prompt tuning ({@code prompt_embeddings} [num_virtual_tokens, token_dim], what PEFT's
 * {@code get_peft_model_state_dict} saves for PROMPT_TUNING).
 */
public final class DecoderPeftExport {

    /** PEFT's task type for decoders. */
    public static final String TASK_TYPE = "CAUSAL_LM";
    /** The key PEFT saves the soft prompt under. */
    public static final String PROMPT_KEY = "prompt_embeddings";

    private DecoderPeftExport() {
    }

    /**
     * @param method LoRA applied to a decoder
     * @param baseModelNameOrPath the HF id or path of the base model
     * @return the adapter config: target_modules are the LoRA targets that matched, fan_in_fan_out true when
     *     they are Conv1D ([in, out]) projections
     */
    public static PeftLoraConfig loraConfig(PeftMethod method, String baseModelNameOrPath) {
        MethodConfig.Lora lora = requireLora(method);
        Map<String, Projection> wrapped = method.loraProjections();
        List<String> targets = new ArrayList<>();
        for (String target : lora.targetModules()) {
            if (wrapped.keySet().stream().anyMatch(path -> path.endsWith("." + target)) && !targets.contains(target)) {
                targets.add(target);
            }
        }
        boolean conv1d = wrapped.values().stream().anyMatch(p -> p.layout() == Projection.Layout.IN_OUT);
        if (conv1d && wrapped.values().stream().anyMatch(p -> p.layout() == Projection.Layout.OUT_IN)) {
            throw new IllegalArgumentException("LoRA targets mix Linear and Conv1D projections: PEFT has one "
                    + "fan_in_fan_out per adapter");
        }
        return new PeftLoraConfig(lora.rank(), lora.alpha(), lora.dropout(), targets, baseModelNameOrPath, TASK_TYPE,
                List.of(), conv1d);
    }

    /**
     * Writes {@code adapter_config.json} and {@code adapter_model.safetensors} of a decoder's LoRA.
     *
     * @param directory the adapter directory
     * @param method LoRA applied to a decoder
     * @param baseModelNameOrPath the HF id or path of the base model
     * @throws IOException when the files cannot be written
     */
    public static void writeLora(Path directory, PeftMethod method, String baseModelNameOrPath) throws IOException {
        requireDecoder(method.backbone());
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        method.trainableSlots().forEach((name, slot) -> tensors.put(name, slot.parameter().getArray()));
        PeftLoraExport.write(directory, loraConfig(method, baseModelNameOrPath), LoraWeights.byModule(tensors), Map.of());
    }

    /**
     * Writes a PEFT PROMPT_TUNING adapter: {@code prompt_embeddings} [P, H] and its config.
     *
     * @param directory the adapter directory
     * @param method prompt tuning applied to a decoder
     * @param baseModelNameOrPath the HF id or path of the base model (also the tokenizer's)
     * @throws IOException when the files cannot be written
     */
    public static void writePromptTuning(Path directory, PeftMethod method, String baseModelNameOrPath)
            throws IOException {
        if (!(method.config() instanceof MethodConfig.PromptTuning prompt)) {
            throw new IllegalArgumentException("not a prompt-tuning method: " + method.config().name());
        }
        Backbone backbone = method.backbone();
        requireDecoder(backbone);
        NDArray vectors = method.trainableSlots().get(SoftPrompt.NAME).parameter().getArray();
        Files.createDirectories(directory);
        SafetensorsWriter.write(directory.resolve(PeftLoraExport.WEIGHTS_FILE), Map.of(PROMPT_KEY, vectors),
                Map.of("format", "pt"));
        Files.writeString(directory.resolve(PeftLoraExport.CONFIG_FILE),
                promptConfigJson(prompt, backbone, baseModelNameOrPath));
    }

    /** PEFT's PromptTuningConfig as {@code save_pretrained} writes it (sorted keys, indent 2). */
    private static String promptConfigJson(MethodConfig.PromptTuning prompt, Backbone backbone, String base)
            throws IOException {
        boolean text = prompt.initText() != null && !prompt.initText().isBlank();
        StringWriter out = new StringWriter();
        try (JsonWriter json = new JsonWriter(out)) {
            json.setIndent("  ");
            json.setSerializeNulls(true);
            json.beginObject();
            json.name("base_model_name_or_path").value(base);
            json.name("inference_mode").value(true);
            json.name("num_attention_heads").value(numHeads(backbone));
            json.name("num_layers").value(backbone.layers().size());
            json.name("num_transformer_submodules").value(1);
            json.name("num_virtual_tokens").value(prompt.virtualTokens());
            json.name("peft_type").value("PROMPT_TUNING");
            json.name("prompt_tuning_init").value(text ? "TEXT" : "RANDOM");
            json.name("prompt_tuning_init_text");
            if (text) {
                json.value(prompt.initText());
            } else {
                json.nullValue();
            }
            json.name("revision").nullValue();
            json.name("task_type").value(TASK_TYPE);
            json.name("token_dim").value(backbone.hiddenSize());
            json.name("tokenizer_name_or_path").value(base);
            json.endObject();
        }
        return out + "\n";
    }

    private static int numHeads(Backbone backbone) {
        if (backbone instanceof Gpt2Decoder gpt2) {
            return gpt2.config().numHeads();
        }
        return ((LlamaDecoder) backbone).config().numHeads();
    }

    private static MethodConfig.Lora requireLora(PeftMethod method) {
        if (!(method.config() instanceof MethodConfig.Lora lora)) {
            throw new IllegalArgumentException("not a LoRA method: " + method.config().name());
        }
        return lora;
    }

    private static void requireDecoder(Backbone backbone) {
        if (!(backbone instanceof CausalDecoder)) {
            throw new IllegalArgumentException("a CAUSAL_LM export needs a decoder, got model_type " + backbone.modelType());
        }
    }
}
