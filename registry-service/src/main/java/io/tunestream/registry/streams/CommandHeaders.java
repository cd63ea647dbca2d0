package io.tunestream.registry.streams;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/** The header that tells what a record on the commands topic holds. */
public final class CommandHeaders {

    /** Header name. */
    public static final String TYPE = "tunestream.registry.type";
    /** An Evaluation, in Avro single-object encoding (as it came from the evaluations topic). */
    public static final String REGISTER = "register";
    /** A {@link io.tunestream.registry.domain.RegistryCommand} in JSON. */
    public static final String COMMAND = "command";

    private CommandHeaders() {
    }

    /** The type header's value, or null. */
    public static String type(Headers headers) {
        Header header = headers.lastHeader(TYPE);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Sets the type header. */
    public static Headers withType(Headers headers, String type) {
        headers.remove(TYPE);
        headers.add(TYPE, type.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
