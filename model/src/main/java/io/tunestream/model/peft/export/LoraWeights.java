package io.tunestream.model.peft.export;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two LoRA matrices of one adapted module, in torch {@code nn.Linear} layout (as PEFT stores them
 * and as {@code LoraLinear} declares them): A is [r, in], B is [out, r].
 *
 * @param a the down projection, [r, in]
 * @param b the up projection, [out, r]
 */
public record LoraWeights(NDArray a, NDArray b) {

    /** Suffix of the A matrix in PEFT's (and our) tensor names. */
    public static final String A_SUFFIX = ".lora_A.weight";
    /** Suffix of the B matrix in PEFT's (and our) tensor names. */
    public static final String B_SUFFIX = ".lora_B.weight";

    /**
     * Checks the shapes against the rank.
     *
     * @param modulePath the module, for the message
     * @param rank r
     * @throws IllegalArgumentException when A is not [r, in] or B not [out, r]
     */
    public void checkRank(String modulePath, int rank) {
        long[] shapeA = a.getShape().getShape();
        long[] shapeB = b.getShape().getShape();
        if (shapeA.length != 2 || shapeA[0] != rank || shapeB.length != 2 || shapeB[1] != rank) {
            throw new IllegalArgumentException(modulePath + ": LoRA A must be [r=" + rank + ", in] and B [out, r="
                    + rank + "] (torch Linear layout), got A " + a.getShape() + " and B " + b.getShape());
        }
    }

    /**
     * Groups tensors named {@code <module path>.lora_A.weight} / {@code .lora_B.weight} (the names
     * {@code LoraLinear} gives its parameters) by module path; other names are ignored.
     *
     * @param tensors trainable tensors by name
     * @return A/B pairs by module path, sorted
     * @throws IllegalArgumentException when a module has A without B or B without A
     */
    public static Map<String, LoraWeights> byModule(Map<String, NDArray> tensors) {
        Map<String, LoraWeights> modules = new TreeMap<>();
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            String name = entry.getKey();
            if (name.endsWith(A_SUFFIX)) {
                String module = name.substring(0, name.length() - A_SUFFIX.length());
                NDArray b = tensors.get(module + B_SUFFIX);
                if (b == null) {
                    throw new IllegalArgumentException(module + " has " + A_SUFFIX + " but no " + B_SUFFIX);
                }
                modules.put(module, new LoraWeights(entry.getValue(), b));
            } else if (name.endsWith(B_SUFFIX)
                    && !tensors.containsKey(name.substring(0, name.length() - B_SUFFIX.length()) + A_SUFFIX)) {
                throw new IllegalArgumentException(name + " has no matching " + A_SUFFIX);
            }
        }
        return modules;
    }
}
