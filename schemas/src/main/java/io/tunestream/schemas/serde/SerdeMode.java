package io.tunestream.schemas.serde;

import java.util.Locale;

/** How events are written on the wire. */
public enum SerdeMode {
    /**
     * Avro single-object encoding (header C3 01 + 8-byte schema fingerprint + Avro binary): real Avro with
     * schema evolution through a schema history, no registry needed. The default.
     */
    SINGLE_OBJECT,
    /** Apicurio's Avro serde against a schema registry (Apicurio, or Confluent-compatible through ccompat). */
    REGISTRY;

    /** Parses {@code single-object} / {@code registry} (case and separator insensitive); null means the default. */
    public static SerdeMode parse(Object value) {
        if (value == null || value.toString().isBlank()) {
            return SINGLE_OBJECT;
        }
        String v = value.toString().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SerdeConfig.MODE + " must be single-object or registry, got: " + value, e);
        }
    }
}
