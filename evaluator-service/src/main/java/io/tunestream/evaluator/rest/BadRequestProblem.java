package io.tunestream.evaluator.rest;

/** A request refused with 400 and the message as detail. */
final class BadRequestProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadRequestProblem(String message) {
        super(message);
    }
}
