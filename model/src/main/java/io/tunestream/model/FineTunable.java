package io.tunestream.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.peft.PeftMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A pretrained model with a fine-tuning method applied ({@link TextClassifier}, {@link
 * CausalLanguageModel}): what an optimizer, a checkpoint and a resume need, whatever the task.
 */
public interface FineTunable {

    /** @return the trainable tensors by HF-style name */
    Map<String, TensorSlot> trainableSlots();

    /** @return the trainable DJL parameters keyed by name (for optimizers that route by name) */
    ParameterList trainableParameters();

    /** @return every DJL parameter keyed by name (e.g. for fp16 conversion) */
    ParameterList allParameters();

    /** @return trainable scalars */
    default long trainableParameterCount() {
        return trainableSlots().values().stream().mapToLong(s -> s.shape().size()).sum();
    }

    /** Saves the trainable tensors to a safetensors file. */
    void saveTrainable(Path file) throws IOException;

    /** Loads tensors written by {@link #saveTrainable}. */
    void loadTrainable(Path file, NDManager manager);

    /** @return the applied method */
    PeftMethod method();

    /** @return base model and tokenizer */
    PretrainedModel base();

    /** @param slots tensors by name @return them as a DJL parameter list */
    static ParameterList parameterList(Map<String, TensorSlot> slots) {
        ParameterList list = new ParameterList();
        slots.forEach((name, slot) -> list.add(name, slot.parameter()));
        return list;
    }
}
