package io.tunestream.evaluator.service;

/** A checkpoint that cannot be evaluated; the message says why (it becomes the dead-letter reason). */
public final class EvaluationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message why */
    public EvaluationFailedException(String message) {
        super(message);
    }

    /**
     * @param message why
     * @param cause the error underneath
     */
    public EvaluationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
