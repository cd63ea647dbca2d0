package io.tunestream.clean.domain;

import net.openhft.hashing.LongTupleHashFunction;

/**
 * Exact duplicate detection over a whole dataset: the key is the 128-bit xxHash3 of the
 * normalised text (collision probability ~n²/2¹²⁹, about 10⁻²⁷ for 10⁹ records), so nothing but
 * two longs per distinct text is kept. The first occurrence wins: feed records in dataset order
 * and it is stable. Not thread-safe (one instance per dataset and partition).
 */
public final class ExactDeduplicator {

    private static final LongTupleHashFunction XX128 = LongTupleHashFunction.xx128();

    private final Hash128Set seen;
    private final long[] hash = XX128.newResultArray();

    /** A deduplicator sized for about {@code expectedRecords} distinct texts (it grows as needed). */
    public ExactDeduplicator(int expectedRecords) {
        this.seen = new Hash128Set(expectedRecords);
    }

    /** {@code true} the first time this text is seen, {@code false} for every later duplicate. */
    public boolean firstOccurrence(String normalizedText) {
        key(normalizedText, hash);
        return seen.add(hash[0], hash[1]);
    }

    /**
     * As {@link #firstOccurrence(String)}, for a text whose key {@link #key(String, long[])} gave: the hashing, most
     * of the work, can run ahead on any thread, the set stays in dataset order on this one.
     */
    public boolean firstOccurrence(long keyHigh, long keyLow) {
        return seen.add(keyHigh, keyLow);
    }

    /** Writes the text's 128-bit key into {@code into[0]} and {@code into[1]}. Pure and thread-safe. */
    public static void key(String normalizedText, long[] into) {
        XX128.hashChars(normalizedText, into);
    }

    /** Number of distinct texts seen so far. */
    public int distinctCount() {
        return seen.size();
    }
}
