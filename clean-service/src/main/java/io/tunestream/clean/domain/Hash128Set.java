package io.tunestream.clean.domain;

/**
 * An open-addressing set of 128-bit keys in two parallel {@code long[]} (no boxing, one slot per
 * key). Linear probing, grows at 70% load. Not thread-safe. The all-zero key is stored in a flag.
 */
final class Hash128Set {

    private long[] high;
    private long[] low;
    private int size;
    private boolean hasZero;

    Hash128Set(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) (expected / 0.7) + 1) * 2 - 1);
        high = new long[capacity];
        low = new long[capacity];
    }

    /** Adds the key; {@code true} when it was not there before. */
    boolean add(long hi, long lo) {
        if (hi == 0 && lo == 0) {
            boolean added = !hasZero;
            hasZero = true;
            size += added ? 1 : 0;
            return added;
        }
        if (size + 1 > high.length * 0.7) {
            grow();
        }
        return insert(hi, lo);
    }

    int size() {
        return size;
    }

    private boolean insert(long hi, long lo) {
        int mask = high.length - 1;
        for (int i = (int) (lo ^ (lo >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (high[i] == 0 && low[i] == 0) {
                high[i] = hi;
                low[i] = lo;
                size++;
                return true;
            }
            if (high[i] == hi && low[i] == lo) {
                return false;
            }
        }
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        high = new long[oldHigh.length * 2];
        low = new long[oldLow.length * 2];
        size = hasZero ? 1 : 0;
        for (int i = 0; i < oldHigh.length; i++) {
            if (oldHigh[i] != 0 || oldLow[i] != 0) {
                insert(oldHigh[i], oldLow[i]);
            }
        }
    }
}
