package io.tunestream.registry.streams;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Headers naming why and where from a poison record was dead-lettered (the record keeps its original bytes). */
public final class DeadLetterHeaders {

    /** Why the record was refused. */
    public static final String REASON = "tunestream.dlq.reason";
    /** Exception class, if any. */
    public static final String ERROR_CLASS = "tunestream.dlq.error.class";
    /** Source topic. */
    public static final String SOURCE_TOPIC = "tunestream.dlq.source.topic";
    /** Source partition. */
    public static final String SOURCE_PARTITION = "tunestream.dlq.source.partition";
    /** Source offset. */
    public static final String SOURCE_OFFSET = "tunestream.dlq.source.offset";
    /** Stage that refused it. */
    public static final String STAGE = "tunestream.dlq.stage";

    private DeadLetterHeaders() {
    }

    /** The original headers plus the reason and the source coordinates. */
    public static Headers of(Headers original, Optional<RecordMetadata> source, String reason, Throwable error) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, REASON, reason);
        put(headers, STAGE, "registry");
        if (error != null) {
            put(headers, ERROR_CLASS, error.getClass().getName());
        }
        source.ifPresent(meta -> {
            put(headers, SOURCE_TOPIC, meta.topic());
            put(headers, SOURCE_PARTITION, Integer.toString(meta.partition()));
            put(headers, SOURCE_OFFSET, Long.toString(meta.offset()));
        });
        return headers;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
