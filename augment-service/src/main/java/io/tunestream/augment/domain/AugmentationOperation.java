package io.tunestream.augment.domain;

import java.util.List;
import java.util.random.RandomGenerator;

/** One text augmentation operation over the tokens of a sentence. */
public interface AugmentationOperation {

    /** The lineage entry of this operation, e.g. {@code augment:synonym}. */
    String name();

    /**
     * Changes {@code tokens} in place, drawing every random choice from {@code random}.
     *
     * @return whether anything changed
     */
    boolean apply(List<String> tokens, RandomGenerator random);
}
