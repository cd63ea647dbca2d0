package io.tunestream.ingest.messaging;

/** The catalog of sealed versions could not be read in time, so a duplicate could not be ruled out (503). */
public class CatalogUnavailableException extends RuntimeException {

    public CatalogUnavailableException(String message) {
        super(message);
    }
}
