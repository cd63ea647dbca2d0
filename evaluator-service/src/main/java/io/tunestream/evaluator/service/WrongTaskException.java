package io.tunestream.evaluator.service;

/** A model version asked for what its task does not do: a causal LM to score, a classifier to generate. */
public final class WrongTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked, and what to ask instead */
    public WrongTaskException(String message) {
        super(message);
    }
}
