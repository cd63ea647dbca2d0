package io.tunestream.split.domain;

import java.util.Objects;

/**
 * One dataset record as the splitting logic sees it; the service maps the Avro event to and from it (the lineage
 * stays on the event: the splitters never read it).
 *
 * @param id         record id, unique within a dataset version
 * @param text       the text
 * @param label      class label (the stratum); {@code null} for regression records, which form one stratum
 * @param score      numeric target for regression, {@code null} for classification
 * @param group      group key: records sharing it land in the same split; {@code null} for none
 */
public record TextRecord(String id, String text, String label, Double score, String group) {

    /** Validates the id. */
    public TextRecord {
        Objects.requireNonNull(id, "id");
    }

    /** A classification record without group. */
    public static TextRecord of(String id, String text, String label) {
        return new TextRecord(id, text, label, null, null);
    }

    /** A classification record in a group. */
    public static TextRecord grouped(String id, String text, String label, String group) {
        return new TextRecord(id, text, label, null, group);
    }
}
