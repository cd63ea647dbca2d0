package io.tunestream.augment.domain;

import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/** EDA random swap: {@code max(1, alpha * n)} times, swaps two tokens at distinct random positions. */
public final class RandomSwap implements AugmentationOperation {

    private final double alpha;

    /** An operation with rate {@code alpha} in (0, 1]. */
    public RandomSwap(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "augment:swap";
    }

    @Override
    public boolean apply(List<String> tokens, RandomGenerator random) {
        if (tokens.size() < 2) {
            return false;
        }
        int swaps = WordCandidates.count(alpha, tokens.size());
        boolean changed = false;
        for (int k = 0; k < swaps; k++) {
            int i = random.nextInt(tokens.size());
            int j = random.nextInt(tokens.size() - 1);
            j = j >= i ? j + 1 : j; // a second, different position
            changed |= !tokens.get(i).equals(tokens.get(j));
            Collections.swap(tokens, i, j);
        }
        return changed;
    }
}
