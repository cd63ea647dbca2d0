package io.tunestream.clean.domain;

/** How a dataset's class imbalance is handled. */
public enum BalancePolicy {
    /** Keep the class distribution as it is. */
    NONE,
    /** Randomly drop records of every class down to the size of the smallest class (the report's default). */
    UNDERSAMPLE,
    /** Keep every record; plan extra augmented copies of minority classes (executed by augment). */
    OVERSAMPLE,
    /** Keep every record; compute class weights for the trainer's loss (sklearn's "balanced"). */
    CLASS_WEIGHTS
}
