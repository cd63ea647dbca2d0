package io.tunestream.model.arch;

import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.Map;

/** Walks a block tree and collects every {@link TensorSlot} by its full name. */
public final class ParameterTree {

    private ParameterTree() {}

    /**
     * @param root the root block
     * @return every slot of the tree, in declaration order, keyed by full name
     */
    public static Map<String, TensorSlot> slots(Block root) {
        Map<String, TensorSlot> out = new LinkedHashMap<>();
        collect(root, out);
        return out;
    }

    private static void collect(Block block, Map<String, TensorSlot> out) {
        if (block instanceof ModuleBlock module) {
            out.putAll(module.directSlots());
        }
        for (Block child : block.getChildren().values()) {
            collect(child, out);
        }
    }

    /** @return the number of scalar values in trainable slots */
    public static long trainableCount(Map<String, TensorSlot> slots) {
        return slots.values().stream().filter(TensorSlot::trainable).mapToLong(s -> s.shape().size()).sum();
    }
}
