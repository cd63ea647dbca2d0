package io.tunestream.clean.domain;

/** What {@link LabelNormalizer} does with a label outside the known set. */
public enum UnknownLabelPolicy {
    /** Keep the (normalised) label as it is: a new class. */
    KEEP,
    /** Drop the record ({@link DropReason#UNKNOWN_LABEL}). */
    DROP,
    /** Replace the label by {@link LabelSettings#fallbackLabel()}. */
    FALLBACK
}
