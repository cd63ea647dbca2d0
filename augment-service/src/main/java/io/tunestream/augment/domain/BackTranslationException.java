package io.tunestream.augment.domain;

/** The translation service failed (unreachable, timed out, HTTP error, malformed answer). */
public final class BackTranslationException extends RuntimeException {

    /** An exception with a message naming the endpoint and what went wrong. */
    public BackTranslationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception with a message naming the endpoint and what went wrong. */
    public BackTranslationException(String message) {
        super(message);
    }
}
