package io.tunestream.ingest.messaging;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Headers put on a dead-lettered record (whose key and value are the original bytes): why it was refused
 * and where it came from, so people and replay tools can act on it.
 */
public final class DeadLetterHeaders {

    /** Machine-readable reason, e.g. {@code UNDECODABLE_EVENT}, {@code EMPTY_TEXT}. */
    public static final String REASON = "tunestream.dlq.reason";
    /** Human-readable detail. */
    public static final String DETAIL = "tunestream.dlq.detail";
    /** Exception class behind the reason, if any. */
    public static final String ERROR_CLASS = "tunestream.dlq.error.class";
    /** Stage that refused the record. */
    public static final String STAGE = "tunestream.dlq.stage";
    /** Topic, partition and offset of the original record. */
    public static final String SOURCE_TOPIC = "tunestream.dlq.source.topic";
    public static final String SOURCE_PARTITION = "tunestream.dlq.source.partition";
    public static final String SOURCE_OFFSET = "tunestream.dlq.source.offset";

    private DeadLetterHeaders() {
    }

    /** The original headers plus the dead-letter ones. */
    public static Headers of(Headers original, Refusal refusal, String topic, int partition, long offset) {
        Headers headers = new RecordHeaders(original.toArray());
        add(headers, REASON, refusal.reason());
        add(headers, DETAIL, refusal.detail());
        if (refusal.errorClass() != null) {
            add(headers, ERROR_CLASS, refusal.errorClass());
        }
        add(headers, STAGE, DatasetEventFactory.STAGE);
        add(headers, SOURCE_TOPIC, topic);
        add(headers, SOURCE_PARTITION, String.valueOf(partition));
        add(headers, SOURCE_OFFSET, String.valueOf(offset));
        return headers;
    }

    /** Why a record was refused. */
    public record Refusal(String reason, String detail, String errorClass) {
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }
}
