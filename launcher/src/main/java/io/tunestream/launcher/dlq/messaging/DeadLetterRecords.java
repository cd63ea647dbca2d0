package io.tunestream.launcher.dlq.messaging;

import io.tunestream.launcher.dlq.domain.DeadLetter;
import io.tunestream.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Kafka records of a DLQ to {@link DeadLetter}s and back: reads the {@link DeadLetterHeaders} a stage wrote, and
 * builds the headers of a replayed record (the original ones, without the dead-letter ones, plus the replay's).
 */
final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    /** The dead letter a DLQ record holds. */
    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Headers h = record.headers();
        return new DeadLetter(record.partition(), record.offset(), record.key(), record.value(),
                text(h, DeadLetterHeaders.REASON), text(h, DeadLetterHeaders.DETAIL), text(h, DeadLetterHeaders.STAGE),
                text(h, DeadLetterHeaders.ERROR_CLASS), text(h, DeadLetterHeaders.SOURCE_TOPIC),
                integer(h, DeadLetterHeaders.SOURCE_PARTITION), number(h, DeadLetterHeaders.SOURCE_OFFSET),
                integer(h, DeadLetterHeaders.ATTEMPTS), replays(h));
    }

    /**
     * Headers of the re-published record: the dead letter's headers minus every {@code tunestream.dlq.*} and earlier
     * replay header, plus {@link DeadLetterHeaders#REPLAY_COUNT} (one more than before) and
     * {@link DeadLetterHeaders#REPLAYED_FROM}.
     */
    static Headers replayHeaders(ConsumerRecord<byte[], byte[]> record) {
        Headers out = new RecordHeaders();
        for (Header header : record.headers()) {
            String key = header.key();
            if (!key.startsWith(DeadLetterHeaders.PREFIX) && !key.equals(DeadLetterHeaders.REPLAY_COUNT)
                    && !key.equals(DeadLetterHeaders.REPLAYED_FROM)) {
                out.add(header);
            }
        }
        out.add(DeadLetterHeaders.REPLAY_COUNT, bytes(Integer.toString(replays(record.headers()) + 1)));
        out.add(DeadLetterHeaders.REPLAYED_FROM,
                bytes(record.topic() + "-" + record.partition() + "@" + record.offset()));
        return out;
    }

    private static int replays(Headers headers) {
        Integer count = integer(headers, DeadLetterHeaders.REPLAY_COUNT);
        return count == null ? 0 : count;
    }

    private static String text(Headers headers, String name) {
        return DeadLetterHeaders.get(headers, name);
    }

    private static Integer integer(Headers headers, String name) {
        Long value = number(headers, name);
        return value == null || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE ? null : value.intValue();
    }

    /** A numeric header, or null when it is missing or not a number (a header is data, not a promise). */
    private static Long number(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
