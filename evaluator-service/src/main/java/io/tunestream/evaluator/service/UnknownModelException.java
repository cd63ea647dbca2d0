package io.tunestream.evaluator.service;

/** A model name, alias or version that is not registered. */
public final class UnknownModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message which one */
    public UnknownModelException(String message) {
        super(message);
    }
}
