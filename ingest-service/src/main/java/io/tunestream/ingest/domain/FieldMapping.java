package io.tunestream.ingest.domain;

import io.tunestream.events.Task;
import io.tunestream.schemas.SealConfig;

import java.util.Locale;

/**
 * Which input fields hold what, and the dataset's task. A dataset is a classification dataset (a label per
 * record) unless a score field is given or the task is {@code regression} (a numeric score per record, label
 * optional), or the task is {@code causal_lm}: each record has either a text or a prompt and a completion, and no
 * label or score is required.
 *
 * @param textField       field holding the text (required)
 * @param labelField      field holding the class label
 * @param scoreField      field holding a numeric target (regression), or null
 * @param groupField      field holding a group key (records sharing it stay in one split), or null
 * @param idField         field holding the source record id, or null; records without one get {@code line-<n>}
 * @param promptField     field holding a causal-LM prompt (read for {@code causal_lm} only)
 * @param completionField field holding a causal-LM completion (read for {@code causal_lm} only)
 * @param task            the dataset's task; null means regression when a score field is given, else classification
 */
public record FieldMapping(String textField, String labelField, String scoreField, String groupField, String idField,
                           String promptField, String completionField, Task task) {

    /** Seal config key of the dataset's task ({@code classification | regression | causal_lm}). */
    public static final String TASK_KEY = SealConfig.TASK;
    /** Default field of a causal-LM prompt. */
    public static final String PROMPT = "prompt";
    /** Default field of a causal-LM completion. */
    public static final String COMPLETION = "completion";
    /** Default field of a regression score when the task is {@code regression} and no score field is named. */
    public static final String SCORE = "score";

    /** {@code text}, {@code label}, no score, {@code group}, {@code id}, {@code prompt}, {@code completion}, classification. */
    public static FieldMapping defaults() {
        return new FieldMapping("text", "label", null, "group", "id");
    }

    /** A mapping whose task follows from the score field (classification or regression). */
    public FieldMapping(String textField, String labelField, String scoreField, String groupField, String idField) {
        this(textField, labelField, scoreField, groupField, idField, PROMPT, COMPLETION, null);
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
        promptField = promptField == null || promptField.isBlank() ? PROMPT : promptField;
        completionField = completionField == null || completionField.isBlank() ? COMPLETION : completionField;
        if (task == null) {
            task = scoreField == null ? Task.CLASSIFICATION : Task.REGRESSION;
        } else if (task == Task.REGRESSION && scoreField == null) {
            scoreField = SCORE;
        } else if (task != Task.REGRESSION && scoreField != null) {
            throw new IllegalArgumentException("scoreField is for task=regression, not task=" + taskName(task));
        }
    }

    /** Whether records carry a numeric score (regression) instead of a required label. */
    public boolean regression() {
        return scoreField != null;
    }

    /** Whether records are causal-LM records: text, or prompt + completion, and no label needed. */
    public boolean causalLm() {
        return task == Task.CAUSAL_LM;
    }

    /** Parses a task as written in a query or a seal: {@code classification | regression | causal_lm}. */
    public static Task parseTask(String value) {
        try {
            return Task.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("task must be classification, regression or causal_lm, got '" + value + "'");
        }
    }

    /** The seal value of a task, e.g. {@code causal_lm}. */
    public static String taskName(Task task) {
        return task.name().toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
