package io.tunestream.clean.domain;

import java.util.Arrays;

/**
 * Near-duplicate removal over a whole dataset with MinHash signatures and LSH banding; the first
 * record of each near-duplicate cluster is kept. A record is a near duplicate when an earlier kept
 * record shares an LSH band with it and their estimated Jaccard similarity is at least the
 * threshold.
 *
 * <p>Kept signatures are stored as b-bit minwise hashes (Li &amp; König 2010, b = 8): one byte per
 * value in one growing {@code byte[]}; the estimate is corrected for the 1/256 chance of equal
 * bytes, {@code J = (matches/k - 1/256) / (1 - 1/256)}. Memory per kept record: numPerms bytes +
 * one band-table slot per band. Not thread-safe (one instance per dataset and partition).
 */
public final class NearDuplicateDetector {

    private static final double CHANCE = 1.0 / 256;

    private final NearDuplicateSettings settings;
    private final MinHasher hasher;
    private final BandIndex[] bands;
    private final int[] bandKeys;
    private final byte[] candidate;
    private byte[] kept;
    private int keptCount;

    /** A detector sized for about {@code expectedRecords} kept records (it grows as needed). */
    public NearDuplicateDetector(NearDuplicateSettings settings, int expectedRecords) {
        this.settings = settings;
        this.hasher = new MinHasher(settings.numPerms(), settings.mode(), settings.shingleSize());
        this.bands = new BandIndex[settings.bands()];
        for (int b = 0; b < bands.length; b++) {
            bands[b] = new BandIndex(Math.min(expectedRecords, 1 << 12)); // grows: small tables stay in cache
        }
        this.bandKeys = new int[settings.bands()];
        this.candidate = new byte[settings.numPerms()];
        this.kept = new byte[Math.min(Math.max(1, expectedRecords), 1 << 12) * settings.numPerms()];
    }

    /**
     * Checks {@code text} against the kept records; when it is novel it is kept (indexed) and -1 is
     * returned, otherwise the ordinal (0-based, in keeping order) of the kept record it duplicates.
     */
    public int keepIfNovel(String text) {
        int[] signature = hasher.signature(text);
        int rows = settings.rows();
        for (int b = 0; b < bands.length; b++) {
            bandKeys[b] = bandKey(signature, b * rows, rows, b);
        }
        for (int i = 0; i < candidate.length; i++) {
            candidate[i] = fingerprint(signature[i]);
        }
        for (int b = 0; b < bands.length; b++) {
            int ordinal = bands[b].get(bandKeys[b]);
            if (ordinal >= 0 && similarity(ordinal) >= settings.threshold()) {
                return ordinal;
            }
        }
        store();
        return -1;
    }

    /** Number of records kept so far. */
    public int keptCount() {
        return keptCount;
    }

    /** Estimated Jaccard similarity of the shingle sets of two texts (same estimator as the detector). */
    public double estimateJaccard(String a, String b) {
        int[] sa = hasher.signature(a).clone();
        int[] sb = hasher.signature(b);
        int matches = 0;
        for (int i = 0; i < sa.length; i++) {
            matches += fingerprint(sa[i]) == fingerprint(sb[i]) ? 1 : 0;
        }
        return correct(matches);
    }

    private double similarity(int ordinal) {
        int k = candidate.length;
        int offset = ordinal * k;
        int matches = 0;
        for (int i = 0; i < k; i++) {
            matches += kept[offset + i] == candidate[i] ? 1 : 0;
        }
        return correct(matches);
    }

    private double correct(int matches) {
        double p = (double) matches / candidate.length;
        return Math.max(0, (p - CHANCE) / (1 - CHANCE));
    }

    private void store() {
        int k = candidate.length;
        if ((keptCount + 1) * k > kept.length) {
            kept = Arrays.copyOf(kept, Math.max(kept.length * 2, (keptCount + 1) * k));
        }
        System.arraycopy(candidate, 0, kept, keptCount * k, k);
        for (int b = 0; b < bands.length; b++) {
            bands[b].putIfAbsent(bandKeys[b], keptCount);
        }
        keptCount++;
    }

    private static int bandKey(int[] signature, int from, int rows, int band) {
        long h = band;
        for (int i = from; i < from + rows; i++) {
            h = h * 0x100000001B3L + signature[i];
        }
        return (int) MinHasher.fmix64(h);
    }

    private static byte fingerprint(int value) {
        return (byte) (value * 0x9E3779B9 >>> 24);
    }
}
