package io.tunestream.stage;

/** A dataset version that cannot be read whole: unknown (nothing of it exists) or incomplete (no or wrong seal). */
public final class DatasetUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the dataset is unavailable. */
    public enum Kind {
        /** Nothing of it exists on the topic. */
        UNKNOWN,
        /** Records without a seal, or a record count that differs from the seal. */
        INCOMPLETE
    }

    private final Kind kind;

    /**
     * @param kind why
     * @param message what, naming the dataset and topic
     */
    public DatasetUnavailableException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** @return why */
    public Kind kind() {
        return kind;
    }
}
