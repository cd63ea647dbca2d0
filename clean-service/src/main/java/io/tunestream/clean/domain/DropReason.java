package io.tunestream.clean.domain;

/** Why the cleaning stage dropped a record; every dropped record has exactly one reason. */
public enum DropReason {
    /** The text is null, or empty after HTML/e-mail stripping and normalisation. */
    EMPTY_TEXT,
    /** Neither a label nor a score. */
    MISSING_LABEL,
    /** The label is outside the known set and the policy is {@link UnknownLabelPolicy#DROP}. */
    UNKNOWN_LABEL,
    /** Same normalised text as an earlier record. */
    EXACT_DUPLICATE,
    /** Jaccard similarity to an earlier kept record at or above the threshold. */
    NEAR_DUPLICATE,
    /** Removed by undersampling to the smallest class. */
    UNDERSAMPLED
}
