package io.tunestream.model.weights;

import ai.djl.ndarray.NDArray;
import io.tunestream.model.arch.TensorSlot;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Assigns named tensors to a model's slots, failing clearly on a missing tensor or shape. */
public final class WeightAssigner {

    private WeightAssigner() {}

    /**
     * @param slots the model's parameters by HF name
     * @param tensors the checkpoint's tensors by name
     * @param rename maps a slot name to the checkpoint's name (e.g. adds a {@code bert.} prefix)
     * @param optional slot names that may be absent (left for random initialisation)
     * @param source the checkpoint file, for messages
     * @throws ModelLoadException if a required tensor is missing or a shape differs
     */
    public static void assign(Map<String, TensorSlot> slots, Map<String, NDArray> tensors,
            Function<String, String> rename, Set<String> optional, String source) {
        for (TensorSlot slot : slots.values()) {
            NDArray value = tensors.get(rename.apply(slot.name()));
            if (value == null) {
                if (optional.contains(slot.name())) {
                    continue;
                }
                throw new ModelLoadException("tensor '" + rename.apply(slot.name()) + "' is missing from " + source);
            }
            slot.assign(value, source);
        }
    }
}
