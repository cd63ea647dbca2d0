package io.tunestream.augment.domain;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * EDA random deletion: deletes each token with probability {@code p}; a sentence is never
 * emptied (one random token survives) and a one-token sentence is left alone.
 */
public final class RandomDeletion implements AugmentationOperation {

    private final double p;

    /** An operation with deletion probability {@code p} in (0, 1). */
    public RandomDeletion(double p) {
        this.p = p;
    }

    @Override
    public String name() {
        return "augment:delete";
    }

    @Override
    public boolean apply(List<String> tokens, RandomGenerator random) {
        if (tokens.size() < 2) {
            return false;
        }
        int keep = random.nextInt(tokens.size()); // survives whatever the draws say
        int before = tokens.size();
        int write = 0;
        for (int read = 0; read < before; read++) {
            boolean delete = random.nextDouble() < p && read != keep;
            if (!delete) {
                tokens.set(write++, tokens.get(read));
            }
        }
        tokens.subList(write, before).clear();
        return write < before;
    }
}
