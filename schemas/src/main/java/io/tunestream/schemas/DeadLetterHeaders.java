package io.tunestream.schemas;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * The headers every stage puts on a record it sends to a {@code <topic>.dlq} (whose key and value stay the original
 * bytes): why it was refused and where it came from, so people and replay tools can act on it. One contract for
 * every stage.
 */
public final class DeadLetterHeaders {

    /** Machine-readable reason, e.g. {@code BAD_HEADER}, {@code EMPTY_TEXT}. */
    public static final String REASON = "tunestream.dlq.reason";
    /** Human-readable detail. */
    public static final String DETAIL = "tunestream.dlq.detail";
    /** Exception class behind the reason, if any. */
    public static final String ERROR_CLASS = "tunestream.dlq.error.class";
    /** Stage that refused the record. */
    public static final String STAGE = "tunestream.dlq.stage";
    /** Topic of the original record. */
    public static final String SOURCE_TOPIC = "tunestream.dlq.source.topic";
    /** Partition of the original record. */
    public static final String SOURCE_PARTITION = "tunestream.dlq.source.partition";
    /** Offset of the original record. */
    public static final String SOURCE_OFFSET = "tunestream.dlq.source.offset";
    /** How many times the stage tried the record before refusing it (absent: once, or not counted). */
    public static final String ATTEMPTS = "tunestream.dlq.attempts";
    /** Prefix of every dead-letter header: a replay strips them all before re-publishing the record. */
    public static final String PREFIX = "tunestream.dlq.";
    /**
     * On a record re-published from a DLQ by {@code tunestream dlq replay}: how many times it has been replayed
     * (1 the first time; a record dead-lettered again keeps it, so the next replay counts on).
     */
    public static final String REPLAY_COUNT = "tunestream.replay.count";
    /** On a replayed record: the dead letter it was replayed from, {@code <dlq topic>-<partition>@<offset>}. */
    public static final String REPLAYED_FROM = "tunestream.replay.from";

    private DeadLetterHeaders() {
    }

    /**
     * Why a record was refused.
     *
     * @param reason     machine-readable reason
     * @param detail     human-readable detail, or null
     * @param errorClass exception class behind it, or null
     */
    public record Refusal(String reason, String detail, String errorClass) {

        /** A refusal caused by an exception: its message as the detail, its class named. */
        public static Refusal of(String reason, Throwable error) {
            return new Refusal(reason, error == null ? null : error.getMessage(),
                    error == null ? null : error.getClass().getName());
        }
    }

    /**
     * Where the refused record was read.
     *
     * @param topic     source topic
     * @param partition source partition
     * @param offset    source offset
     */
    public record Source(String topic, int partition, long offset) {
    }

    /** The original headers plus the dead-letter ones; a null source (unknown) adds no source headers. */
    public static Headers of(Headers original, String stage, Refusal refusal, Source source) {
        Headers headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        put(headers, REASON, refusal.reason());
        put(headers, DETAIL, refusal.detail());
        put(headers, ERROR_CLASS, refusal.errorClass());
        put(headers, STAGE, stage);
        if (source != null) {
            put(headers, SOURCE_TOPIC, source.topic());
            put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
            put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        }
        return headers;
    }

    /**
     * Records how many times the stage tried the record ({@link #ATTEMPTS}), replacing an earlier count.
     *
     * @return {@code headers}
     */
    public static Headers withAttempts(Headers headers, int attempts) {
        put(headers, ATTEMPTS, Integer.toString(attempts));
        return headers;
    }

    /** A header's value as text, or null. */
    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
