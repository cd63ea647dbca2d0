package io.tunestream.ingest.messaging;

/**
 * An upload stopped by the service, not by its input: the service is shutting down (or has no free upload slot).
 * Its transaction is aborted, nothing of it is visible, and the same upload can be sent again (503).
 */
public class UploadAbortedException extends RuntimeException {

    private final String reason;

    public UploadAbortedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** {@code SHUTTING_DOWN} or {@code NO_FREE_SLOT}. */
    public String reason() {
        return reason;
    }
}
