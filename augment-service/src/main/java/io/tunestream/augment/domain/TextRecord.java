package io.tunestream.augment.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One dataset record as the augmentation logic sees it; the service maps the Avro event to and from it.
 *
 * @param id         record id, unique within a dataset version
 * @param text       the text
 * @param label      class label, {@code null} for regression records
 * @param score      numeric target for regression, {@code null} for classification
 * @param group      optional group key
 * @param sourceId   for a generated record, the id of the record it was made from; {@code null} for originals
 * @param operations lineage: operations applied so far, e.g. {@code augment:synonym}
 */
public record TextRecord(String id, String text, String label, Double score, String group, String sourceId,
                         List<String> operations) {

    /** Validates the id and freezes the operations list. */
    public TextRecord {
        Objects.requireNonNull(id, "id");
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    /** An original classification record without group or lineage. */
    public static TextRecord of(String id, String text, String label) {
        return new TextRecord(id, text, label, null, null, null, List.of());
    }

    /** A record generated from this one: new id and text, same label, score and group, lineage extended. */
    public TextRecord derive(String newId, String newText, List<String> appliedOperations) {
        List<String> lineage = new ArrayList<>(operations.size() + appliedOperations.size());
        lineage.addAll(operations);
        lineage.addAll(appliedOperations);
        return new TextRecord(newId, newText, label, score, group, sourceId == null ? id : sourceId, lineage);
    }
}
