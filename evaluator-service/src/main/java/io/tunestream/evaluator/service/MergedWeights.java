package io.tunestream.evaluator.service;

import ai.djl.ndarray.NDArray;
import io.tunestream.events.Method;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.arch.ParameterTree;
import io.tunestream.model.arch.Projection;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.peft.export.LoraWeights;
import io.tunestream.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A LoRA model's complete weights with the LoRA delta folded in: every base tensor of the backbone under its
 * Hugging Face name ({@code W + (alpha/r)·B·A} for the adapted projections) plus the head as
 * {@code classifier.weight/bias}, as one {@code model.safetensors}. Full fine-tuning checkpoints are whole already,
 * and adapter / prompt-tuning methods add modules a plain base model does not have, so only LoRA merges.
 */
public final class MergedWeights {

    private MergedWeights() {
    }

    /** A version whose method cannot be merged into plain base weights. */
    public static final class NotMergeableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotMergeableException(String message) {
            super(message);
        }
    }

    /**
     * @param spec what the model is
     * @throws NotMergeableException for any method but LoRA (says why)
     */
    public static void requireMergeable(ModelSpec spec) {
        Method method = spec.method().getType();
        if (method == Method.LORA) {
            return;
        }
        throw new NotMergeableException(method == Method.FULL
                ? "the version was fully fine-tuned: its artifact already holds every weight, there is no LoRA "
                        + "delta to merge (download it from the registry's /artifact)"
                : "the version was trained with " + method + ", which adds modules a plain base model does not "
                        + "have: only LoRA merges into the base weights");
    }

    /**
     * Writes the merged weights (atomically: a temporary sibling moved into place).
     *
     * @param spec what the model is (LoRA)
     * @param classifier the loaded model; its LoRA projections are merged first if they are not yet
     * @param file the target file
     * @throws IOException when the file cannot be written
     */
    public static void write(ModelSpec spec, TextClassifier classifier, Path file) throws IOException {
        requireMergeable(spec);
        classifier.method().loraProjections().values().stream().filter(p -> !p.isMerged()).forEach(Projection::merge);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        classifier.method().backbone().slots().forEach((name, slot) -> {
            if (!name.endsWith(LoraWeights.A_SUFFIX) && !name.endsWith(LoraWeights.B_SUFFIX)) {
                tensors.put(name, slot.parameter().getArray());
            }
        });
        tensors.putAll(ArtifactBundle.arrays(ParameterTree.slots(classifier.head())));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("base_model", ArtifactBundle.baseModelName(spec.baseModel()));
        metadata.put("merged", "lora r=" + spec.method().getLoraRank() + " alpha=" + spec.method().getLoraAlpha());
        metadata.put("task", spec.task().name());
        metadata.put("pooling", classifier.head().pooling().name());
        metadata.put("labels", ModelSpec.encodeLabels(spec.labels()));
        SafetensorsWriter.write(file, tensors, metadata);
    }
}
