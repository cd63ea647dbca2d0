package io.tunestream.model.export;

import ai.djl.ndarray.NDArray;
import io.tunestream.model.FineTunable;
import io.tunestream.model.arch.CausalDecoder;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.SoftPrompt;
import io.tunestream.model.peft.export.DecoderPeftExport;
import io.tunestream.model.peft.export.LoraWeights;
import io.tunestream.model.peft.export.PeftLoraConfig;
import io.tunestream.model.peft.export.PeftLoraExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A LoRA model's adapter in Hugging Face PEFT's layout ({@code adapter_config.json} + {@code
 * adapter_model.safetensors}, written by {@link PeftLoraExport}), for {@code PeftModel.from_pretrained(base, dir)}.
 * The A and B matrices are the trained ones whether or not the model has merged them.
 */
public final class PeftAdapterExport {

    private PeftAdapterExport() {
    }

    /** A model with nothing to export as a PEFT adapter. */
    public static final class NotExportableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotExportableException(String message) {
            super(message);
        }
    }

    /**
     * @param method the model's method
     * @throws NotExportableException for methods other than LoRA, saying what to export instead
     */
    public static void requireExportable(MethodConfig method) {
        if (method instanceof MethodConfig.Lora || method instanceof MethodConfig.PromptTuning) {
            return;
        }
        throw new NotExportableException(method instanceof MethodConfig.FullFineTuning
                ? "a fully fine-tuned model has no adapter: export the merged model directory instead"
                : "a PEFT adapter export of " + method.name() + " is not available: lora and prompt tuning are "
                        + "exported (PEFT's bottleneck adapters differ from ours)");
    }

    /**
     * @param model a LoRA model
     * @param baseModelNameOrPath what {@code base_model_name_or_path} names (a Hugging Face id or path)
     * @param taskType PEFT's task type ({@code CAUSAL_LM}, {@code FEATURE_EXTRACTION}, ...)
     * @param target the adapter directory (created; its two files replaced)
     * @return the adapted module paths
     * @throws NotExportableException for methods other than LoRA
     * @throws IOException when the files cannot be written
     */
    public static List<String> write(FineTunable model, String baseModelNameOrPath, String taskType, Path target)
            throws IOException {
        requireExportable(model.method().config());
        if (model.method().backbone() instanceof CausalDecoder) {
            // decoders: PEFT's key names per family, fan_in_fan_out for GPT-2's Conv1D, and prompt tuning
            if (model.method().config() instanceof MethodConfig.PromptTuning) {
                DecoderPeftExport.writePromptTuning(target, model.method(),
                        baseModelNameOrPath);
                return List.of(SoftPrompt.NAME);
            }
            DecoderPeftExport.writeLora(target, model.method(), baseModelNameOrPath);
            return List.copyOf(model.method().loraProjections().keySet());
        }
        if (!(model.method().config() instanceof MethodConfig.Lora)) {
            throw new NotExportableException("prompt tuning is exported for decoders only");
        }
        MethodConfig.Lora lora = (MethodConfig.Lora) model.method().config();
        Map<String, NDArray> tensors = new TreeMap<>();
        model.trainableSlots().forEach((name, slot) -> {
            if (name.endsWith(LoraWeights.A_SUFFIX) || name.endsWith(LoraWeights.B_SUFFIX)) {
                tensors.put(name, slot.parameter().getArray());
            }
        });
        Map<String, LoraWeights> modules = LoraWeights.byModule(tensors);
        // target_modules: exactly the module names adapted here, so PEFT creates the same layers
        List<String> targets = modules.keySet().stream().map(p -> p.substring(p.lastIndexOf('.') + 1)).distinct()
                .sorted().toList();
        PeftLoraConfig config = new PeftLoraConfig(lora.rank(), lora.alpha(), lora.dropout(), targets,
                baseModelNameOrPath, taskType, List.of());
        PeftLoraExport.write(target, config, modules, Map.of());
        return List.copyOf(modules.keySet());
    }
}
