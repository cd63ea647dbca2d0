package io.tunestream.model.export;

import ai.djl.ndarray.NDArray;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.FineTunable;
import io.tunestream.model.arch.Projection;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.peft.export.LoraWeights;
import io.tunestream.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fine-tuned model as a complete Hugging Face model directory that loads without PEFT or tunestream:
 * {@code config.json} (the base's, with {@code torch_dtype} float32; {@code architectures} and the rest kept),
 * {@code model.safetensors} under exactly the base's tensor names (LoRA folded into the base weights, no
 * {@code lora_*} tensors) and the base's tokenizer files. Every slot's array is written as the backbone stores
 * it, so the export follows whatever layout the architecture declares (torch Linear {@code [out, in]}, GPT-2
 * Conv1D {@code [in, out]}).
 *
 * <p>Only LoRA and full fine-tuning merge. Adapter and prompt tuning add modules (bottlenecks, virtual tokens)
 * that a plain base model has no place for: their export is the PEFT adapter, not a merged directory.
 */
public final class MergedModelExport {

    /** Weights file of the exported directory. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** Config file of the exported directory. */
    public static final String CONFIG_FILE = "config.json";
    /**
     * Tokenizer and generation files copied from the base directory when present ({@code tokenizer.json} is
     * required: {@code PretrainedModels.loadHuggingFace} reads it).
     */
    public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "generation_config.json", "vocab.json", "merges.txt", "tokenizer.model",
            "added_tokens.json", "chat_template.jinja");

    private MergedModelExport() {
    }

    /** A model whose method cannot be folded into plain base weights. */
    public static final class NotMergeableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotMergeableException(String message) {
            super(message);
        }
    }

    /**
     * @param method the model's method
     * @throws NotMergeableException for adapter and prompt tuning, saying what to export instead
     */
    public static void requireMergeable(MethodConfig method) {
        if (method instanceof MethodConfig.Lora || method instanceof MethodConfig.FullFineTuning) {
            return;
        }
        throw new NotMergeableException("a model tuned with " + method.name() + " adds modules a plain base model "
                + "does not have, so it cannot be merged into a Hugging Face model directory; export it as a PEFT "
                + "adapter instead (only lora and full fine-tuning merge)");
    }

    /**
     * Writes the directory (atomically: built in a hidden sibling, then moved into place). LoRA deltas that are
     * not merged yet are merged into the model in place, as inference does.
     *
     * @param model the fine-tuned model (LoRA or full fine-tuning)
     * @param baseDirectory the Hugging Face directory the base model was loaded from
     * @param target the directory to create; it must not exist
     * @return the tensor names written, in order
     * @throws NotMergeableException for adapter and prompt tuning
     * @throws IOException when the base directory lacks config.json or tokenizer.json, the target exists, or a
     *     file cannot be written
     */
    public static List<String> write(FineTunable model, Path baseDirectory, Path target) throws IOException {
        requireMergeable(model.method().config());
        Path config = baseDirectory.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(config) || !Files.isRegularFile(baseDirectory.resolve("tokenizer.json"))) {
            throw new IOException("the base model directory " + baseDirectory + " needs config.json and tokenizer.json"
                    + " for a merged export");
        }
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "the export directory exists already");
        }
        model.method().loraProjections().values().stream().filter(p -> !p.isMerged()).forEach(Projection::merge);
        Map<String, NDArray> tensors = baseTensors(model);
        Path staging = target.toAbsolutePath().resolveSibling("." + target.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            Files.writeString(staging.resolve(CONFIG_FILE), float32Config(Files.readString(config)));
            SafetensorsWriter.write(staging.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"));
            for (String name : TOKENIZER_FILES) {
                Path file = baseDirectory.resolve(name);
                if (Files.isRegularFile(file)) {
                    Files.copy(file, staging.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
        return List.copyOf(tensors.keySet());
    }

    /** Every backbone tensor under its Hugging Face name, the method's own (LoRA A and B) left out. */
    static Map<String, NDArray> baseTensors(FineTunable model) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        model.method().backbone().slots().forEach((name, slot) -> {
            if (!name.endsWith(LoraWeights.A_SUFFIX) && !name.endsWith(LoraWeights.B_SUFFIX)) {
                tensors.put(name, slot.parameter().getArray());
            }
        });
        return tensors;
    }

    /** The base's config with {@code torch_dtype} float32 (the weights are written as F32), nothing else changed. */
    static String float32Config(String json) {
        JsonObject config = JsonParser.parseString(json).getAsJsonObject();
        config.addProperty("torch_dtype", "float32");
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(config) + "\n";
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a hidden staging directory is never read
        }
    }
}
