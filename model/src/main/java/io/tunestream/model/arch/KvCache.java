package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and values of the positions a {@link CausalDecoder} has already seen, one pair per layer,
 * each [B, kvHeads, P, headSize] (before grouped-query expansion). The owner closes the manager
 * the arrays live in; {@link #set} replaces a layer's pair after appending new positions.
 */
public final class KvCache {

    private final List<NDArray> keys = new ArrayList<>();
    private final List<NDArray> values = new ArrayList<>();
    private int prefixLength;

    /** @return cached positions, soft-prompt prefix included (0 when empty) */
    public long length() {
        return keys.isEmpty() || keys.get(0) == null ? 0 : keys.get(0).getShape().get(2);
    }

    /** @return whether nothing is cached yet */
    public boolean isEmpty() {
        return length() == 0;
    }

    /** @return keys of a layer, or null before the first call */
    public NDArray keys(int layer) {
        return layer < keys.size() ? keys.get(layer) : null;
    }

    /** @return values of a layer, or null before the first call */
    public NDArray values(int layer) {
        return layer < values.size() ? values.get(layer) : null;
    }

    /** Stores a layer's keys and values (all positions so far). */
    public void set(int layer, NDArray k, NDArray v) {
        while (keys.size() <= layer) {
            keys.add(null);
            values.add(null);
        }
        keys.set(layer, k);
        values.set(layer, v);
    }

    /** @return soft-prompt positions at the front of the cache */
    public int prefixLength() {
        return prefixLength;
    }

    /** Records how many soft-prompt positions the first call put in front. */
    public void setPrefixLength(int prefixLength) {
        this.prefixLength = prefixLength;
    }
}
