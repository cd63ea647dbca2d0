package io.tunestream.split.domain;

import java.util.List;
import java.util.Objects;

/**
 * One dataset record as the splitting logic sees it; the service maps the Avro event to and from it.
 *
 * @param id         record id, unique within a dataset version
 * @param text       the text
 * @param label      class label (the stratum); {@code null} for regression records, which form one stratum
 * @param score      numeric target for regression, {@code null} for classification
 * @param group      group key: records sharing it land in the same split; {@code null} for none
 * @param operations lineage: operations applied so far
 */
public record TextRecord(String id, String text, String label, Double score, String group, List<String> operations) {

    /** Validates the id and freezes the operations list. */
    public TextRecord {
        Objects.requireNonNull(id, "id");
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    /** A classification record without group or lineage. */
    public static TextRecord of(String id, String text, String label) {
        return new TextRecord(id, text, label, null, null, List.of());
    }

    /** A classification record in a group. */
    public static TextRecord grouped(String id, String text, String label, String group) {
        return new TextRecord(id, text, label, null, group, List.of());
    }
}
