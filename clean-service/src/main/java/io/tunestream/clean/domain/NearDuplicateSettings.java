package io.tunestream.clean.domain;

import java.util.Objects;

/**
 * Near-duplicate detection settings (MinHash + LSH banding).
 *
 * @param enabled     run near-duplicate removal; default on
 * @param threshold   Jaccard similarity of shingle sets at or above which a record is a near duplicate of an
 *                    earlier one; default 0.9
 * @param numPerms    signature length (number of MinHash values); default 128
 * @param bands       LSH bands; {@code numPerms} must be a multiple. With r = numPerms / bands rows per band a pair
 *                    of similarity s becomes a candidate with probability 1 - (1 - s^r)^bands; default 16 (r = 8:
 *                    0.9999 at s = 0.9, 0.39 at s = 0.6)
 * @param mode        character or word shingles; default {@link ShingleMode#CHARACTER}
 * @param shingleSize characters or words per shingle; default 5
 */
public record NearDuplicateSettings(boolean enabled, double threshold, int numPerms, int bands, ShingleMode mode,
                                    int shingleSize) {

    /** Validates the ranges. */
    public NearDuplicateSettings {
        Objects.requireNonNull(mode, "mode");
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
        }
        if (numPerms < 1 || bands < 1 || numPerms % bands != 0) {
            throw new IllegalArgumentException("numPerms must be a positive multiple of bands: " + numPerms + "/" + bands);
        }
        if (shingleSize < 1) {
            throw new IllegalArgumentException("shingleSize must be >= 1: " + shingleSize);
        }
    }

    /** On, 0.9, 128 permutations in 16 bands, character 5-grams. */
    public static NearDuplicateSettings defaults() {
        return new NearDuplicateSettings(true, 0.9, 128, 16, ShingleMode.CHARACTER, 5);
    }

    /** These settings with another threshold. */
    public NearDuplicateSettings withThreshold(double newThreshold) {
        return new NearDuplicateSettings(enabled, newThreshold, numPerms, bands, mode, shingleSize);
    }

    /** These settings, switched on or off. */
    public NearDuplicateSettings withEnabled(boolean on) {
        return new NearDuplicateSettings(on, threshold, numPerms, bands, mode, shingleSize);
    }

    /** Rows per band. */
    public int rows() {
        return numPerms / bands;
    }
}
