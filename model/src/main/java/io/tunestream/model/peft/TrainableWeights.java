package io.tunestream.model.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.safetensors.SafetensorsReader;
import io.tunestream.model.safetensors.SafetensorsWriter;
import io.tunestream.model.weights.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves and loads only a method's trainable tensors, as safetensors, by HF-style name. */
public final class TrainableWeights {

    private TrainableWeights() {}

    /**
     * @param file target .safetensors file
     * @param slots the tensors to save (the trainable ones)
     * @param metadata string metadata stored in the header (method, config)
     * @throws IOException when writing fails
     */
    public static void save(Path file, Map<String, TensorSlot> slots, Map<String, String> metadata) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        slots.forEach((name, slot) -> tensors.put(name, slot.parameter().getArray()));
        SafetensorsWriter.write(file, tensors, metadata);
    }

    /**
     * Overwrites the given slots with the file's tensors.
     *
     * @param file a file written by {@link #save}
     * @param slots the slots to fill; each must be present in the file with the same shape
     * @param manager scratch manager for reading
     * @throws ModelLoadException for a missing file, a missing tensor or a shape mismatch
     */
    public static void load(Path file, Map<String, TensorSlot> slots, NDManager manager) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("method weights not found: " + file);
        }
        try (NDManager scratch = manager.newSubManager()) {
            Map<String, NDArray> tensors;
            try {
                tensors = SafetensorsReader.read(file, scratch);
            } catch (IOException e) {
                throw new ModelLoadException("cannot read method weights " + file + ": " + e.getMessage(), e);
            }
            for (TensorSlot slot : slots.values()) {
                NDArray value = tensors.get(slot.name());
                if (value == null) {
                    throw new ModelLoadException("tensor '" + slot.name() + "' is missing from " + file);
                }
                slot.assign(value, file.toString());
            }
        }
    }
}
