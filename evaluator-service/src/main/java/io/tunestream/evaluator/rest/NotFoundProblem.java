package io.tunestream.evaluator.rest;

/** A request answered 404 with the message as detail. */
final class NotFoundProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NotFoundProblem(String message) {
        super(message);
    }
}
