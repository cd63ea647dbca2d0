package io.tunestream.model.peft.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tunestream.model.safetensors.SafetensorsFormatException;
import io.tunestream.model.safetensors.SafetensorsReader;
import io.tunestream.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads LoRA adapters in Hugging Face PEFT's layout, so {@code PeftModel.from_pretrained}
 * loads what we train: a directory with {@code adapter_config.json} and {@code adapter_model.safetensors}.
 *
 * <p>Naming rules, from PEFT's "PEFT checkpoint format" guide (huggingface/peft,
 * docs/source/developer_guides/checkpoint.md) and {@code peft/utils/save_and_load.py}
 * ({@code get_peft_model_state_dict}): every key starts with {@code base_model.model.} (PeftModel wraps
 * LoraModel wraps the base model); LoRA keys are {@code <module path>.lora_A.weight} [r, in] and
 * {@code <module path>.lora_B.weight} [out, r], with the adapter name ({@code .default}) stripped on
 * save; {@code modules_to_save} tensors are saved as {@code base_model.model.<module>.<param>} (the
 * {@code modules_to_save.<adapter>} infix removed). PEFT saves the file with metadata
 * {@code {"format": "pt"}}. Module paths must be those of the HF class the user will load (e.g.
 * {@code bert.encoder...} for {@code BertForSequenceClassification}, {@code encoder...} for {@code BertModel}).
 */
public final class PeftLoraExport {

    /** The adapter weights file PEFT's save_pretrained writes (safe_serialization=True). */
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    /** The adapter config file. */
    public static final String CONFIG_FILE = "adapter_config.json";
    /** The prefix PEFT's two wrappers add to every key. */
    public static final String KEY_PREFIX = "base_model.model.";

    private PeftLoraExport() {
    }

    /**
     * Writes an adapter directory (created if needed; both files replaced).
     *
     * @param directory the adapter directory
     * @param config the LoRA settings
     * @param modules A/B weights by module path
     * @param savedModuleTensors fully trained tensors of {@code config.modulesToSave()} modules, by name
     *     ({@code classifier.weight}); empty for none
     * @throws IOException when the files cannot be written
     * @throws IllegalArgumentException when a module is not targeted, shapes disagree with r, or a
     *     saved tensor belongs to no module in modules_to_save
     */
    public static void write(Path directory, PeftLoraConfig config, Map<String, LoraWeights> modules,
            Map<String, NDArray> savedModuleTensors) throws IOException {
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("no LoRA modules to export");
        }
        Map<String, NDArray> tensors = new TreeMap<>();
        for (Map.Entry<String, LoraWeights> entry : modules.entrySet()) {
            String path = entry.getKey();
            if (!config.targets(path)) {
                throw new IllegalArgumentException("module '" + path + "' matches none of target_modules "
                        + config.targetModules() + ": PEFT would not create a LoRA layer for it");
            }
            entry.getValue().checkRank(path, config.rank());
            tensors.put(KEY_PREFIX + path + LoraWeights.A_SUFFIX, entry.getValue().a());
            tensors.put(KEY_PREFIX + path + LoraWeights.B_SUFFIX, entry.getValue().b());
        }
        for (Map.Entry<String, NDArray> entry : savedModuleTensors.entrySet()) {
            if (config.modulesToSave().stream().noneMatch(m -> entry.getKey().startsWith(m + "."))) {
                throw new IllegalArgumentException("tensor '" + entry.getKey() + "' is not in modules_to_save "
                        + config.modulesToSave());
            }
            tensors.put(KEY_PREFIX + entry.getKey(), entry.getValue());
        }
        Files.createDirectories(directory);
        SafetensorsWriter.write(directory.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"));
        Files.writeString(directory.resolve(CONFIG_FILE), PeftConfigJson.write(config));
    }

    /**
     * Reads an adapter directory written by us or by PEFT's {@code save_pretrained}.
     *
     * @param directory the adapter directory
     * @param manager owns the loaded arrays
     * @return the config, the A/B pairs by module path and the modules_to_save tensors by name
     * @throws IOException when a file is missing or malformed
     */
    public static PeftLoraAdapter read(Path directory, NDManager manager) throws IOException {
        PeftLoraConfig config = PeftConfigJson.read(directory.resolve(CONFIG_FILE));
        Path weightsFile = directory.resolve(WEIGHTS_FILE);
        Map<String, NDArray> stripped = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : SafetensorsReader.read(weightsFile, manager).entrySet()) {
            if (!entry.getKey().startsWith(KEY_PREFIX)) {
                throw new SafetensorsFormatException(weightsFile, "key '" + entry.getKey() + "' lacks PEFT's '"
                        + KEY_PREFIX + "' prefix");
            }
            stripped.put(entry.getKey().substring(KEY_PREFIX.length()), entry.getValue());
        }
        Map<String, LoraWeights> modules = LoraWeights.byModule(stripped);
        modules.forEach((path, weights) -> weights.checkRank(path, config.rank()));
        Map<String, NDArray> others = new TreeMap<>(stripped);
        others.keySet().removeIf(name -> name.endsWith(LoraWeights.A_SUFFIX) || name.endsWith(LoraWeights.B_SUFFIX));
        return new PeftLoraAdapter(config, modules, others);
    }

    /**
     * An adapter as read back.
     *
     * @param config its settings
     * @param modules A/B pairs by module path (prefix stripped)
     * @param savedModuleTensors modules_to_save tensors by name (prefix stripped)
     */
    public record PeftLoraAdapter(PeftLoraConfig config, Map<String, LoraWeights> modules,
            Map<String, NDArray> savedModuleTensors) {
    }
}
