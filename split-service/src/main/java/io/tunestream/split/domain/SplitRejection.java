package io.tunestream.split.domain;

/**
 * A dataset cannot be split as asked; {@link #reason()} says why in terms a user can act on.
 * Checked: the service must turn it into a stage report, not a crash.
 */
public final class SplitRejection extends Exception {

    /** Why a split was rejected. */
    public enum Reason {
        /** Ratios negative, not finite, all zero, or not summing to 1. */
        INVALID_RATIOS,
        /** No records. */
        EMPTY_DATASET,
        /** Two records share an id (the id drives the deterministic order). */
        DUPLICATE_ID,
        /** A label has fewer records than there are non-empty splits. */
        TOO_FEW_RECORDS_FOR_LABEL,
        /** Group-aware: a label occurs in fewer groups than there are non-empty splits. */
        TOO_FEW_GROUPS_FOR_LABEL
    }

    private final Reason reason;

    /** A rejection with its reason and a message naming the offending label, id or ratios. */
    public SplitRejection(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /** Why the dataset was rejected. */
    public Reason reason() {
        return reason;
    }
}
