package io.tunestream.split.domain;

/**
 * Settings of one split, per dataset.
 *
 * @param train      share of the train split; default 0.8
 * @param validation share of the validation split; default 0.1
 * @param test       share of the test split; default 0.1 (the three must sum to 1)
 * @param seed       seed of the random order; default 42
 * @param groupAware keep all records of a group key in one split; default on
 */
public record SplitConfig(double train, double validation, double test, long seed, boolean groupAware) {

    /** 0.8 / 0.1 / 0.1, seed 42, group-aware. */
    public static SplitConfig defaults() {
        return new SplitConfig(0.8, 0.1, 0.1, 42L, true);
    }

    /** This config with another seed. */
    public SplitConfig withSeed(long newSeed) {
        return new SplitConfig(train, validation, test, newSeed, groupAware);
    }

    /** The ratios in {@link Split} order. */
    public double[] ratios() {
        return new double[] {train, validation, test};
    }

    /** Number of splits with a positive ratio. */
    public int nonEmptySplits() {
        int n = 0;
        for (double r : ratios()) {
            n += r > 0 ? 1 : 0;
        }
        return n;
    }
}
