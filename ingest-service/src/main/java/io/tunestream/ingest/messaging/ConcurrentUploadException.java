package io.tunestream.ingest.messaging;

/** Another upload of the same dataset version is running (or fenced this one); this one published nothing. */
public class ConcurrentUploadException extends RuntimeException {

    public ConcurrentUploadException(String message, Throwable cause) {
        super(message, cause);
    }
}
