package io.tunestream.evaluator.service;

import ai.djl.ndarray.NDArray;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.arch.ParameterTree;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.BundledModel;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.peft.export.LoraWeights;
import io.tunestream.model.peft.export.PeftLoraConfig;
import io.tunestream.model.peft.export.PeftLoraExport;
import io.tunestream.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files written beside an evaluated checkpoint's weights, for the registry to copy with them. For a LoRA
 * checkpoint {@code <name>.safetensors} gets a sibling directory {@code <name>.peft/} in Hugging Face PEFT's
 * layout: {@code adapter_config.json} + {@code adapter_model.safetensors} (keys
 * {@code base_model.model.encoder.layer.N...lora_A.weight}), loadable with
 * {@code PeftModel.from_pretrained(AutoModel.from_pretrained(base), dir)}, and {@code head.safetensors}: the
 * classification head ({@code classifier.weight/bias}) with its pooling and labels as metadata.
 *
 * <p>The head is not put under PEFT's {@code modules_to_save}: our models are the base model ({@code BertModel},
 * {@code LlamaModel}) + mean pooling + a linear layer, which no Hugging Face class matches. PEFT would accept a
 * {@code classifier} tensor only on a model with a {@code classifier} module (e.g.
 * {@code BertForSequenceClassification}, which pools the CLS token through a pooler the bundled MiniLM lacks), and
 * would silently compute something else. So the adapter is a {@code FEATURE_EXTRACTION} adapter of the base model,
 * and the head travels beside it.
 */
public final class ArtifactBundle {

    /** Suffix of the PEFT directory beside a weights file. */
    public static final String PEFT_SUFFIX = ".peft";
    /** The head file in the PEFT directory. */
    public static final String HEAD_FILE = "head.safetensors";
    /** The Hugging Face id of the bundled base model. */
    public static final String BUNDLED_MINILM_HF_ID = BundledModel.ALL_MINILM_L6_V2.huggingFaceId();

    private ArtifactBundle() {
    }

    /** @return the PEFT directory that belongs beside {@code weights} ({@code x.safetensors} -> {@code x.peft}) */
    public static Path peftDirectory(Path weights) {
        String name = weights.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return weights.resolveSibling(stem + PEFT_SUFFIX);
    }

    /** @return the {@code base_model_name_or_path} of a base model reference */
    public static String baseModelName(String reference) {
        return BundledModel.byReference(reference).map(BundledModel::huggingFaceId).orElse(reference);
    }

    /**
     * Writes the PEFT directory of a LoRA model beside its weights; other methods get none.
     *
     * @param spec what the model is
     * @param classifier the loaded model (LoRA tensors in {@code trainableSlots()}, merged or not)
     * @param weights the weights file the directory goes beside
     * @return the directory written, or empty for a method other than LoRA
     * @throws UncheckedIOException when the files cannot be written (nothing half-written is left)
     */
    public static Optional<Path> writePeft(ModelSpec spec, TextClassifier classifier, Path weights) {
        if (spec.method().getType() != Method.LORA) {
            return Optional.empty();
        }
        Map<String, NDArray> lora = new TreeMap<>();
        classifier.trainableSlots().forEach((name, slot) -> {
            if (name.endsWith(LoraWeights.A_SUFFIX) || name.endsWith(LoraWeights.B_SUFFIX)) {
                lora.put(name, slot.parameter().getArray());
            }
        });
        Map<String, LoraWeights> modules = LoraWeights.byModule(lora);
        PeftLoraConfig config = config(spec, modules.keySet().stream().toList());
        Path target = peftDirectory(weights);
        Path staging = target.resolveSibling("." + target.getFileName() + "-" + UUID.randomUUID());
        try {
            PeftLoraExport.write(staging, config, modules, Map.of());
            SafetensorsWriter.write(staging.resolve(HEAD_FILE), arrays(ParameterTree.slots(classifier.head())),
                    headMetadata(spec, classifier));
            replace(staging, target);
            return Optional.of(target);
        } catch (IOException e) {
            deleteQuietly(staging);
            throw new UncheckedIOException("cannot write the PEFT export beside " + weights, e);
        }
    }

    private static PeftLoraConfig config(ModelSpec spec, List<String> modulePaths) {
        MethodConfig m = spec.method();
        // target_modules: exactly the module names adapted here, so PEFT creates the same layers.
        List<String> targets = modulePaths.stream().map(p -> p.substring(p.lastIndexOf('.') + 1)).distinct().sorted()
                .toList();
        return new PeftLoraConfig(m.getLoraRank(), exact(m.getLoraAlpha()), exact(m.getLoraDropout()), targets,
                baseModelName(spec.baseModel()), "FEATURE_EXTRACTION", List.of());
    }

    /** The float as written ({@code 0.1f} -> 0.1, not 0.10000000149), as PEFT's JSON would hold it. */
    private static double exact(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    private static Map<String, String> headMetadata(ModelSpec spec, TextClassifier classifier) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("task", spec.task().name());
        metadata.put("pooling", classifier.head().pooling().name());
        metadata.put("labels", ModelSpec.encodeLabels(spec.labels()));
        metadata.put("base_model", baseModelName(spec.baseModel()));
        return metadata;
    }

    static Map<String, NDArray> arrays(Map<String, TensorSlot> slots) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        slots.forEach((name, slot) -> out.put(name, slot.parameter().getArray()));
        return out;
    }

    /** Moves a complete directory into place; an older one (a redelivered checkpoint) is moved away first. */
    private static void replace(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + "-old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteQuietly(old);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover hidden staging directory is never read
        }
    }
}
