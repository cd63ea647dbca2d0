package io.tunestream.sampledata;

import java.util.function.Predicate;

/**
 * A reproducible share of a corpus: a record is in it when the hash of its source id falls below the share, so the
 * same fraction always picks the same records, whatever their order, and a larger fraction contains a smaller one.
 *
 * @param share the fraction of records kept, in (0, 1]
 */
public record CorpusFraction(double share) implements Predicate<SampleRecord> {

    private static final int BUCKETS = 10_000;

    /** The whole corpus. */
    public static final CorpusFraction ALL = new CorpusFraction(1.0);

    /**
     * @throws IllegalArgumentException when the share is not in (0, 1]
     */
    public CorpusFraction {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a corpus fraction must be in (0, 1], got " + share);
        }
    }

    @Override
    public boolean test(SampleRecord record) {
        return share >= 1.0 || Math.floorMod(record.id().hashCode(), BUCKETS) < share * BUCKETS;
    }
}
