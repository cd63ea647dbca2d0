package io.tunestream.split.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The split of causal-LM data, which has no labels: records are stratified by a length bucket instead, so short and
 * long examples spread over train, validation and test in the same proportions. A record's length is the number of
 * code points of its {@link TextRecord#text()} (the service passes the completion of a prompt/completion record,
 * which is what the loss covers, or the plain text). Buckets are quantiles by rank: records sorted by (length, id)
 * and cut into {@code k} equal runs, so every bucket holds {@code n/k} records whatever the length distribution.
 *
 * <p>{@code k} starts at the asked number and shrinks (down to one bucket, i.e. no stratification) while a bucket
 * has too few records or, group-aware, too few groups for the non-empty splits. Everything else is
 * {@link StratifiedSplitter}'s: exact proportions, groups kept whole, deterministic for a seed.
 */
public final class LengthBucketSplitter {

    /** Default number of length buckets. */
    public static final int DEFAULT_BUCKETS = 4;

    private static final Set<SplitRejection.Reason> TOO_FEW = Set.of(SplitRejection.Reason.TOO_FEW_RECORDS_FOR_LABEL,
            SplitRejection.Reason.TOO_FEW_GROUPS_FOR_LABEL);

    private final SplitConfig config;
    private final int maxBuckets;

    /** A splitter with at most {@code maxBuckets} (at least 1) length buckets. */
    public LengthBucketSplitter(SplitConfig config, int maxBuckets) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("split.length-buckets must be at least 1, got: " + maxBuckets);
        }
        this.config = config;
        this.maxBuckets = maxBuckets;
    }

    /** The split and the number of buckets it used. */
    public record Outcome(SplitResult result, int buckets) {
    }

    /** Splits the records, stratified by length bucket; the result's records carry their bucket as label. */
    public Outcome split(List<TextRecord> records) throws SplitRejection {
        int needed = Math.max(1, config.nonEmptySplits());
        int k = Math.max(1, Math.min(maxBuckets, records.size() / needed));
        StratifiedSplitter splitter = new StratifiedSplitter(config);
        while (true) {
            try {
                return new Outcome(splitter.split(bucketed(records, k)), k);
            } catch (SplitRejection e) {
                if (k == 1 || !TOO_FEW.contains(e.reason())) {
                    throw e;
                }
                k--;
            }
        }
    }

    /** The records with their length bucket ({@code length-<b>/<k>}, 1 = shortest) as label. */
    public static List<TextRecord> bucketed(List<TextRecord> records, int k) {
        int n = records.size();
        Integer[] byLength = new Integer[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            byLength[i] = i;
            String text = records.get(i).text();
            lengths[i] = text == null ? 0 : text.codePointCount(0, text.length());
        }
        Arrays.sort(byLength, Comparator.<Integer>comparingInt(i -> lengths[i]).thenComparing(i -> records.get(i).id()));
        List<TextRecord> out = new ArrayList<>(records);
        for (int rank = 0; rank < n; rank++) {
            int i = byLength[rank];
            int bucket = (int) ((long) rank * k / n) + 1;
            TextRecord r = records.get(i);
            out.set(i, new TextRecord(r.id(), r.text(), "length-" + bucket + "/" + k, r.score(), r.group()));
        }
        return out;
    }
}
