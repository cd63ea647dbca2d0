package io.tunestream.ingest.domain;

/**
 * Which input fields hold what. A dataset is a classification dataset (a label per record) unless a
 * score field is given, which makes it a regression dataset (a numeric score per record, label optional).
 *
 * @param textField  field holding the text (required)
 * @param labelField field holding the class label
 * @param scoreField field holding a numeric target, or null for classification
 * @param groupField field holding a group key (records sharing it stay in one split), or null
 * @param idField    field holding the source record id, or null; records without one get {@code line-<n>}
 */
public record FieldMapping(String textField, String labelField, String scoreField, String groupField, String idField) {

    /** {@code text}, {@code label}, no score, {@code group}, {@code id}. */
    public static FieldMapping defaults() {
        return new FieldMapping("text", "label", null, "group", "id");
    }

    public FieldMapping {
        if (textField == null || textField.isBlank()) {
            throw new IllegalArgumentException("textField is required");
        }
        if (labelField == null || labelField.isBlank()) {
            labelField = "label";
        }
        scoreField = blankToNull(scoreField);
        groupField = blankToNull(groupField);
        idField = blankToNull(idField);
    }

    /** Whether records carry a numeric score (regression) instead of a required label. */
    public boolean regression() {
        return scoreField != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
