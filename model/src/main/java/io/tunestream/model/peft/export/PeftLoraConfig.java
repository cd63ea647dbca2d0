package io.tunestream.model.peft.export;

import java.util.List;
import java.util.Set;

/**
 * What {@code adapter_config.json} says about a LoRA adapter (PEFT's {@code LoraConfig}).
 *
 * @param rank r
 * @param alpha lora_alpha (scaling = alpha / r)
 * @param dropout lora_dropout
 * @param targetModules module-name suffixes LoRA was applied to (PEFT matches {@code name == t} or
 *     {@code name.endsWith("." + t)})
 * @param baseModelNameOrPath the Hugging Face id or path of the base model
 * @param taskType PEFT task type ({@code SEQ_CLS}, {@code CAUSAL_LM}, {@code FEATURE_EXTRACTION},
 *     {@code TOKEN_CLS}, {@code SEQ_2_SEQ_LM}, {@code QUESTION_ANS}) or null
 * @param modulesToSave fully trained modules saved beside the adapter (e.g. {@code classifier}); empty for none
 * @param fanInFanOut PEFT's {@code fan_in_fan_out}: the targets store weights [in, out] (GPT-2's Conv1D); the
 *     LoRA tensors keep the [r, in] / [out, r] layout either way, only merging transposes
 */
public record PeftLoraConfig(int rank, double alpha, double dropout, List<String> targetModules,
        String baseModelNameOrPath, String taskType, List<String> modulesToSave, boolean fanInFanOut) {

    private static final Set<String> TASK_TYPES =
            Set.of("SEQ_CLS", "CAUSAL_LM", "FEATURE_EXTRACTION", "TOKEN_CLS", "SEQ_2_SEQ_LM", "QUESTION_ANS");

    /** A config for {@code nn.Linear} targets ({@code fan_in_fan_out} false). */
    public PeftLoraConfig(int rank, double alpha, double dropout, List<String> targetModules,
            String baseModelNameOrPath, String taskType, List<String> modulesToSave) {
        this(rank, alpha, dropout, targetModules, baseModelNameOrPath, taskType, modulesToSave, false);
    }

    /** Validates and copies the lists. */
    public PeftLoraConfig {
        if (rank < 1 || alpha <= 0 || dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("invalid LoRA settings: r " + rank + ", alpha " + alpha + ", dropout " + dropout);
        }
        if (targetModules == null || targetModules.isEmpty()) {
            throw new IllegalArgumentException("target_modules must name at least one module");
        }
        if (taskType != null && !TASK_TYPES.contains(taskType)) {
            throw new IllegalArgumentException("unknown PEFT task_type '" + taskType + "', expected one of " + TASK_TYPES);
        }
        targetModules = List.copyOf(targetModules);
        modulesToSave = modulesToSave == null ? List.of() : List.copyOf(modulesToSave);
    }

    /**
     * @param modulePath a module's dotted path
     * @return whether PEFT would put LoRA on it under these target modules
     */
    public boolean targets(String modulePath) {
        for (String target : targetModules) {
            if (modulePath.equals(target) || modulePath.endsWith("." + target)) {
                return true;
            }
        }
        return false;
    }
}
