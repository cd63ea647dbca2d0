package io.tunestream.model.events;

/** A checkpoint whose weights cannot be trusted: a gap in its chunks, a wrong size or checksum, a missing artifact. */
public final class CheckpointIntegrityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the checkpoint */
    public CheckpointIntegrityException(String message) {
        super(message);
    }
}
