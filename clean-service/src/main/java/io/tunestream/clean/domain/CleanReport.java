package io.tunestream.clean.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of one cleaning run: records in and out, drops by reason, label histograms before
 * (normalised labels of every input record) and after. The invariant
 * {@code in == out + sum(dropped)} holds once the run is finished (see {@link #accountingHolds()}).
 * Increments allocate nothing (counters are {@code long[]} cells). Not thread-safe.
 */
public final class CleanReport {

    /** Histogram key of records without a usable label (regression records, missing or dropped labels). */
    public static final String NO_LABEL = "<none>";

    private long in;
    private long out;
    private final long[] dropped = new long[DropReason.values().length];
    private final Map<String, long[]> before = new HashMap<>();
    private final Map<String, long[]> after = new HashMap<>();

    /** Counts one input record with its normalised label ({@code null}: none). */
    public void recordIn(String label) {
        in++;
        increment(before, label);
    }

    /** Counts one dropped record. */
    public void recordDrop(DropReason reason) {
        dropped[reason.ordinal()]++;
    }

    /** Counts {@code n} records dropped for the same reason. */
    public void recordDrops(DropReason reason, long n) {
        dropped[reason.ordinal()] += n;
    }

    /** Counts one output record with its label. */
    public void recordOut(String label) {
        out++;
        increment(after, label);
    }

    /** Records received. */
    public long in() {
        return in;
    }

    /** Records emitted. */
    public long out() {
        return out;
    }

    /** Records dropped for one reason. */
    public long dropped(DropReason reason) {
        return dropped[reason.ordinal()];
    }

    /** Every reason with its count (zeros included), in declaration order. */
    public Map<DropReason, Long> droppedByReason() {
        Map<DropReason, Long> map = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            map.put(r, dropped[r.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Sum of all drops. */
    public long droppedTotal() {
        long sum = 0;
        for (long d : dropped) {
            sum += d;
        }
        return sum;
    }

    /** Label histogram of the input, sorted by label. */
    public Map<String, Long> labelsBefore() {
        return snapshot(before);
    }

    /** Label histogram of the output, sorted by label. */
    public Map<String, Long> labelsAfter() {
        return snapshot(after);
    }

    /** {@code in == out + sum(dropped)}. */
    public boolean accountingHolds() {
        return in == out + droppedTotal();
    }

    @Override
    public String toString() {
        return "CleanReport{in=" + in + ", out=" + out + ", dropped=" + droppedByReason() + ", before="
                + labelsBefore() + ", after=" + labelsAfter() + "}";
    }

    private static void increment(Map<String, long[]> histogram, String label) {
        histogram.computeIfAbsent(label == null ? NO_LABEL : label, k -> new long[1])[0]++;
    }

    private static Map<String, Long> snapshot(Map<String, long[]> histogram) {
        Map<String, Long> sorted = new TreeMap<>();
        histogram.forEach((label, cell) -> sorted.put(label, cell[0]));
        return Collections.unmodifiableMap(sorted);
    }
}
