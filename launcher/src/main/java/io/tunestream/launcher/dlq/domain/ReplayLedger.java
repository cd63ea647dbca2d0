package io.tunestream.launcher.dlq.domain;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which dead letters of one DLQ partition have been replayed, in the form Kafka keeps with a committed offset, so that
 * a replay never re-publishes a dead letter twice even when {@code --reason} replays some and skips others.
 *
 * <p>State: {@code low}, the committed offset (every dead letter below it has been replayed), and per reason a mark
 * (every dead letter of that reason below its mark has been replayed); the marks travel as the offset's metadata.
 * A pass reads the partition from {@code low}, asks {@link #next} about each dead letter in order and, after each
 * batch, {@link #checkpoint} gives the offset and metadata to commit in the same transaction as the batch's
 * re-published records.
 */
public final class ReplayLedger {

    /** Metadata format tag, so a later format can tell this one apart. */
    static final String FORMAT = "replay/v1";

    /** What to do with one dead letter. */
    public enum Decision {
        /** Replayed by an earlier pass: skip it. */
        ALREADY_REPLAYED,
        /** Re-publish it now. */
        REPLAY,
        /** Another reason than the pass's filter: leave it for a later replay. */
        NOT_SELECTED
    }

    /**
     * What to commit after a batch.
     *
     * @param offset   the committed offset: every dead letter below it is replayed
     * @param metadata the per-reason marks, encoded
     */
    public record Checkpoint(long offset, String metadata) {
    }

    private long low;
    private final Map<String, Long> marks;
    private final String filter;
    private long firstPending = -1;

    private ReplayLedger(long low, Map<String, Long> marks, String filter) {
        this.low = low;
        this.marks = marks;
        this.filter = filter;
    }

    /**
     * The ledger as committed, for a pass that replays {@code filter}'s dead letters (null: every reason).
     *
     * @param committed the committed offset, or the partition's first offset when nothing was ever committed
     * @param metadata  the committed metadata (null or empty: no marks)
     * @param filter    the reason to replay, or null for all
     */
    public static ReplayLedger resume(long committed, String metadata, String filter) {
        return new ReplayLedger(committed, decode(metadata), filter);
    }

    /** Where a pass starts reading. */
    public long low() {
        return low;
    }

    /** Decides about the next dead letter of the partition (offsets ascending, starting at or after {@link #low}). */
    public Decision next(long offset, String reason) {
        if (offset < low || offset < marks.getOrDefault(reason, low)) {
            return Decision.ALREADY_REPLAYED;
        }
        if (filter == null || filter.equals(reason)) {
            return Decision.REPLAY;
        }
        if (firstPending < 0) {
            firstPending = offset;
        }
        return Decision.NOT_SELECTED;
    }

    /**
     * The state to commit once every dead letter below {@code position} has been decided (and the replays among
     * them are in the same transaction).
     */
    public Checkpoint checkpoint(long position) {
        if (filter != null) {
            marks.merge(filter, position, Math::max);
        }
        low = Math.max(low, firstPending < 0 ? position : firstPending);
        marks.values().removeIf(mark -> mark <= low);
        return new Checkpoint(low, encode());
    }

    String encode() {
        StringBuilder text = new StringBuilder(FORMAT);
        marks.forEach((reason, mark) -> text.append(';').append(URLEncoder.encode(reason, StandardCharsets.UTF_8))
                .append('=').append(mark));
        return text.toString();
    }

    private static Map<String, Long> decode(String metadata) {
        Map<String, Long> marks = new TreeMap<>();
        if (metadata == null || metadata.isEmpty()) {
            return marks;
        }
        String[] parts = metadata.split(";");
        if (!parts[0].equals(FORMAT)) {
            throw new IllegalArgumentException("not a replay ledger: '" + metadata + "'");
        }
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].lastIndexOf('=');
            marks.put(URLDecoder.decode(parts[i].substring(0, eq), StandardCharsets.UTF_8),
                    Long.parseLong(parts[i].substring(eq + 1)));
        }
        return marks;
    }
}
