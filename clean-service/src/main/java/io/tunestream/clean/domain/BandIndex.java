package io.tunestream.clean.domain;

import java.util.Arrays;

/**
 * LSH band table: 32-bit band keys to the ordinal of the first signature filed under them, in
 * two {@code int[]} (open addressing, linear probing). Key collisions are harmless: they only
 * add candidates, which are verified against the signatures. Not thread-safe.
 */
final class BandIndex {

    private static final int FREE = -1;

    private int[] keys;
    private int[] values;
    private int size;

    BandIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) (expected / 0.7) + 1) * 2 - 1);
        keys = new int[capacity];
        values = new int[capacity];
        Arrays.fill(values, FREE);
    }

    /** The ordinal filed under {@code key}, or -1. */
    int get(int key) {
        int mask = keys.length - 1;
        for (int i = spread(key) & mask; values[i] != FREE; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return FREE;
    }

    /** Files {@code ordinal} under {@code key} unless the key is taken (the first one stays). */
    void putIfAbsent(int key, int ordinal) {
        if (size + 1 > keys.length * 0.7) {
            grow();
        }
        int mask = keys.length - 1;
        int i = spread(key) & mask;
        while (values[i] != FREE) {
            if (keys[i] == key) {
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = ordinal;
        size++;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, FREE);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != FREE) {
                putIfAbsent(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int spread(int key) {
        return key * 0x9E3779B9 ^ key >>> 16;
    }
}
