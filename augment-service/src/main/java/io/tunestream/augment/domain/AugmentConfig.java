package io.tunestream.augment.domain;

/**
 * Settings of the augmentation of one dataset's train split. A rate of 0 switches an operation off.
 * Defaults follow EDA (Wei &amp; Zou 2019): alpha 0.1 for every operation, 4 copies per record.
 *
 * @param synonymRate     share of words replaced by a WordNet synonym; default 0.1
 * @param insertionRate   share of words inserted (synonyms of words of the sentence); default 0.1
 * @param swapRate        share of words swapped; default 0.1
 * @param deletionRate    probability of deleting each word; default 0.1
 * @param copies          augmented copies per train record (0: none, only oversampling); default 4
 * @param seed            seed; each record's random stream derives from it and the record id; default 42
 * @param backTranslation also paraphrase through the back-translation service; default off
 */
public record AugmentConfig(double synonymRate, double insertionRate, double swapRate, double deletionRate,
                            int copies, long seed, boolean backTranslation) {

    /** Checks the ranges. */
    public AugmentConfig {
        for (double rate : new double[] {synonymRate, insertionRate, swapRate, deletionRate}) {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("rates must be in [0, 1): " + rate);
            }
        }
        if (copies < 0) {
            throw new IllegalArgumentException("copies must be >= 0: " + copies);
        }
    }

    /** EDA's defaults, seed 42, back-translation off. */
    public static AugmentConfig defaults() {
        return new AugmentConfig(0.1, 0.1, 0.1, 0.1, 4, 42L, false);
    }

    /** This config with another number of copies. */
    public AugmentConfig withCopies(int newCopies) {
        return new AugmentConfig(synonymRate, insertionRate, swapRate, deletionRate, newCopies, seed, backTranslation);
    }

    /** This config with another seed. */
    public AugmentConfig withSeed(long newSeed) {
        return new AugmentConfig(synonymRate, insertionRate, swapRate, deletionRate, copies, newSeed, backTranslation);
    }

    /** This config with back-translation on or off. */
    public AugmentConfig withBackTranslation(boolean on) {
        return new AugmentConfig(synonymRate, insertionRate, swapRate, deletionRate, copies, seed, on);
    }
}
