package io.tunestream.evaluator.domain;

/**
 * Settings of a paired bootstrap.
 *
 * @param resamples number of bootstrap resamples (>= 100)
 * @param seed seed of the resampling RNG: the same seed gives the same interval and p-value
 * @param confidenceLevel two-sided confidence level of the percentile interval, in (0, 1)
 */
public record BootstrapSettings(int resamples, long seed, double confidenceLevel) {

    /** Validates the settings. */
    public BootstrapSettings {
        if (resamples < 100) {
            throw new IllegalArgumentException("at least 100 resamples are needed, got " + resamples);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + confidenceLevel);
        }
    }

    /** 2,000 resamples, seed 42, 95% interval. */
    public static BootstrapSettings defaults() {
        return new BootstrapSettings(2_000, 42L, 0.95);
    }
}
