package io.tunestream.stage;

import io.tunestream.events.DatasetRecord;

import java.util.List;
import java.util.Map;

/**
 * What a stage made of a dataset version. Accounting must hold:
 * {@code in + generated = records.size() + sum(dropped)}.
 *
 * @param records      records to write downstream (their lineage operations already appended)
 * @param dropped      records dropped, by reason
 * @param generated    records created by the stage (augmentation, oversampling), included in {@code records}
 * @param applied      settings the stage applied, recorded in the report for lineage
 * @param sealConfig   per-dataset settings handed on in the outgoing seal
 * @param rejection    why the stage refused the whole version, or null
 * @param note         a note for people reading the report of a completed stage (e.g. a setting it ignored), or null
 */
public record StageResult(List<DatasetRecord> records, Map<String, Long> dropped, long generated,
                          Map<String, String> applied, Map<String, String> sealConfig, String rejection, String note) {

    /** A completed stage. */
    public static StageResult completed(List<DatasetRecord> records, Map<String, Long> dropped, long generated,
                                        Map<String, String> applied, Map<String, String> sealConfig) {
        return new StageResult(records, dropped, generated, applied, sealConfig, null, null);
    }

    /** A stage that refuses the version (e.g. it cannot be split as asked); nothing is written downstream. */
    public static StageResult rejected(String reason, Map<String, String> applied) {
        return new StageResult(List.of(), Map.of(), 0, applied, Map.of(), reason, null);
    }

    /** This result with a note for the stage report's message (null: none). */
    public StageResult withNote(String newNote) {
        return new StageResult(records, dropped, generated, applied, sealConfig, rejection, newNote);
    }

    /** Whether the stage refused the version. */
    public boolean isRejected() {
        return rejection != null;
    }

    /** Records dropped in all. */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
