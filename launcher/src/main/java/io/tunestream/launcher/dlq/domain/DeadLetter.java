package io.tunestream.launcher.dlq.domain;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * One entry of a dead-letter topic as an operator sees it: where it sits in the DLQ, why it was refused (the {@code
 * tunestream.dlq.*} headers), where it came from, and the original key and value bytes. Missing headers are null
 * (a stage that knew no source, an error without an exception, attempts not counted).
 *
 * @param dlqPartition    partition of the dead letter in its DLQ
 * @param dlqOffset       offset of the dead letter in its DLQ
 * @param key             the original key bytes, or null
 * @param value           the original value bytes, or null
 * @param reason          machine-readable reason; {@link #NO_REASON} when the header is missing
 * @param detail          human-readable detail, or null
 * @param stage           the stage that refused it, or null
 * @param errorClass      the exception class behind it, or null
 * @param sourceTopic     the topic it was read from, or null
 * @param sourcePartition the partition it was read from, or null
 * @param sourceOffset    the offset it was read at, or null
 * @param attempts        how many times the stage tried it, or null
 * @param replays         how many times it had been replayed before it was dead-lettered (0: never)
 */
public record DeadLetter(int dlqPartition, long dlqOffset, byte[] key, byte[] value, String reason, String detail,
                         String stage, String errorClass, String sourceTopic, Integer sourcePartition,
                         Long sourceOffset, Integer attempts, int replays) {

    /** The reason of a dead letter without a reason header. */
    public static final String NO_REASON = "(none)";

    public DeadLetter {
        reason = reason == null || reason.isBlank() ? NO_REASON : reason;
    }

    /** The key as text: UTF-8 when it is valid UTF-8, else {@code 0x} and hex; {@code -} for none. */
    public String keyText() {
        if (key == null) {
            return "-";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return "0x" + HexFormat.of().formatHex(key);
        }
    }

    /** {@code topic-partition@offset} of the original record, or {@code -} when the stage did not say. */
    public String sourceText() {
        if (sourceTopic == null) {
            return "-";
        }
        return sourceTopic + "-" + (sourcePartition == null ? "?" : sourcePartition) + "@"
                + (sourceOffset == null ? "?" : sourceOffset);
    }
}
