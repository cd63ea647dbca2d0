package io.tunestream.split.domain;

/** The three parts of a dataset. */
public enum Split {
    /** Training data (the only split augment touches). */
    TRAIN,
    /** Validation data (early stopping, model selection). */
    VALIDATION,
    /** Held-out test data (final evaluation). */
    TEST
}
