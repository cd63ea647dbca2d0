package io.tunestream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a readable tunestream event. Stages catch it and route the original record to their
 * dead-letter topic with {@link #reason()} as the reason header.
 */
public class EventDecodingException extends SerializationException {

    /** Why the bytes could not be read. */
    public enum Reason {
        /** Not Avro single-object encoding (wrong magic bytes) or too short to hold a header. */
        BAD_HEADER,
        /** The writer schema's fingerprint is not known to this reader (no schema history entry for it). */
        UNKNOWN_SCHEMA,
        /** The header is fine but the body is truncated or does not match the writer schema. */
        MALFORMED_BODY,
        /** Registry mode: the registry serde refused the bytes. */
        REGISTRY
    }

    private final Reason reason;
    private final String type;

    public EventDecodingException(Reason reason, String type, String message, Throwable cause) {
        super("cannot decode " + type + " (" + reason + "): " + message, cause);
        this.reason = reason;
        this.type = type;
    }

    /** Why decoding failed. */
    public Reason reason() {
        return reason;
    }

    /** The event type that was expected. */
    public String type() {
        return type;
    }
}
