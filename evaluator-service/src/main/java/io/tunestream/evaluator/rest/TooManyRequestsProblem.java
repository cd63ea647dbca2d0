package io.tunestream.evaluator.rest;

/** A caller over its limit of requests running at once: 429 problem+json. */
public final class TooManyRequestsProblem extends RuntimeException {

    /** @param message who is over which limit */
    public TooManyRequestsProblem(String message) {
        super(message);
    }
}
