package io.tunestream.clean.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One dataset record as the cleaning logic sees it; the service maps the Avro event to and from it.
 *
 * @param id         record id, unique within a dataset version
 * @param text       the text, may be {@code null} on input (dropped as empty); null for a prompt/completion record
 * @param label      class label, {@code null} for regression records
 * @param score      numeric target for regression, {@code null} for classification
 * @param group      optional group key (e.g. a thread or an author), {@code null} when absent
 * @param operations lineage: operations applied so far, e.g. {@code clean:nfkc}
 * @param prompt     causal-LM prompt, {@code null} unless this is a prompt/completion record
 * @param completion causal-LM completion, {@code null} unless this is a prompt/completion record
 */
public record TextRecord(String id, String text, String label, Double score, String group, List<String> operations,
                         String prompt, String completion) {

    /** Validates the id and freezes the operations list. */
    public TextRecord {
        Objects.requireNonNull(id, "id");
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    /** A record without prompt and completion. */
    public TextRecord(String id, String text, String label, Double score, String group, List<String> operations) {
        this(id, text, label, score, group, operations, null, null);
    }

    /** A classification record without group or lineage. */
    public static TextRecord of(String id, String text, String label) {
        return new TextRecord(id, text, label, null, null, List.of());
    }

    /** A causal-LM prompt/completion record without group or lineage. */
    public static TextRecord pair(String id, String prompt, String completion) {
        return new TextRecord(id, null, null, null, null, List.of(), prompt, completion);
    }

    /** Whether this is a causal-LM prompt/completion record (either part set). */
    public boolean isPair() {
        return prompt != null || completion != null;
    }

    /** This record with another text and label, and {@code appliedOperations} appended to its lineage. */
    public TextRecord cleaned(String newText, String newLabel, List<String> appliedOperations) {
        return new TextRecord(id, newText, newLabel, score, group, lineage(appliedOperations), prompt, completion);
    }

    /** This prompt/completion record with cleaned parts, and {@code appliedOperations} appended to its lineage. */
    public TextRecord cleanedPair(String newPrompt, String newCompletion, List<String> appliedOperations) {
        return new TextRecord(id, null, label, score, group, lineage(appliedOperations), newPrompt, newCompletion);
    }

    private List<String> lineage(List<String> appliedOperations) {
        if (operations.isEmpty()) {
            return appliedOperations; // shared immutable list: no per-record copy in the common case
        }
        List<String> lineage = new ArrayList<>(operations.size() + appliedOperations.size());
        lineage.addAll(operations);
        lineage.addAll(appliedOperations);
        return lineage;
    }
}
