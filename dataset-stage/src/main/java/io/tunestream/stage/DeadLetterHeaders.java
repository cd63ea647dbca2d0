package io.tunestream.stage;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/** Headers a dead-lettered record carries next to its original key and value bytes. */
public final class DeadLetterHeaders {

    /** Why the record was refused. */
    public static final String REASON = "tunestream.dlq.reason";
    /** The exception class, when there was one. */
    public static final String ERROR_CLASS = "tunestream.dlq.error.class";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "tunestream.dlq.source.topic";
    /** Partition it was read from. */
    public static final String SOURCE_PARTITION = "tunestream.dlq.source.partition";
    /** Offset it was read from. */
    public static final String SOURCE_OFFSET = "tunestream.dlq.source.offset";
    /** Stage that refused it. */
    public static final String STAGE = "tunestream.dlq.stage";

    private DeadLetterHeaders() {
    }

    /** The original headers plus the dead-letter ones. */
    public static Headers of(Headers original, String stage, String reason, Throwable error,
                             String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        put(headers, REASON, reason);
        if (error != null) {
            put(headers, ERROR_CLASS, error.getClass().getName());
        }
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, Integer.toString(partition));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
        put(headers, STAGE, stage);
        return headers;
    }

    /** A header's value as text, or null. */
    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
