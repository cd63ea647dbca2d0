package io.tunestream.clean.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One dataset record as the cleaning logic sees it; the service maps the Avro event to and from it.
 *
 * @param id         record id, unique within a dataset version
 * @param text       the text, may be {@code null} on input (dropped as empty)
 * @param label      class label, {@code null} for regression records
 * @param score      numeric target for regression, {@code null} for classification
 * @param group      optional group key (e.g. a thread or an author), {@code null} when absent
 * @param operations lineage: operations applied so far, e.g. {@code clean:nfkc}
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

    /** This record with another text and label, and {@code appliedOperations} appended to its lineage. */
    public TextRecord cleaned(String newText, String newLabel, List<String> appliedOperations) {
        List<String> lineage;
        if (operations.isEmpty()) {
            lineage = appliedOperations; // shared immutable list: no per-record copy in the common case
        } else {
            lineage = new ArrayList<>(operations.size() + appliedOperations.size());
            lineage.addAll(operations);
            lineage.addAll(appliedOperations);
        }
        return new TextRecord(id, newText, newLabel, score, group, lineage);
    }
}
