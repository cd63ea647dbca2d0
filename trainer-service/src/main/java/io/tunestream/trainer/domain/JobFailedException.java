package io.tunestream.trainer.domain;

/** A job cannot go on; {@link #reason()} classifies it and the message says why in words. */
public class JobFailedException extends RuntimeException {

    private final FailureReason reason;

    /**
     * @param reason the class of failure
     * @param message what went wrong, for people
     */
    public JobFailedException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * @param reason the class of failure
     * @param message what went wrong, for people
     * @param cause the underlying error
     */
    public JobFailedException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return the class of failure */
    public FailureReason reason() {
        return reason;
    }

    /** @return {@code REASON: message}, as written to the job status */
    public String statusMessage() {
        return reason + ": " + getMessage();
    }
}
