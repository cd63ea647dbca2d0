package io.tunestream.trainer.domain;

import io.tunestream.model.LmExample;

/**
 * One training or validation example of a prepared dataset.
 *
 * @param text the input text (classification, regression; plain-text causal LM)
 * @param label class label (classification), or null
 * @param score numeric target (regression), or null
 * @param prompt context of a causal-LM instruction record, or null
 * @param completion target of a causal-LM instruction record, or null
 */
public record Example(String text, String label, Double score, String prompt, String completion) {

    /** An example of a text task (no prompt or completion). */
    public Example(String text, String label, Double score) {
        this(text, label, score, null, null);
    }

    /** @return a classification example */
    public static Example labelled(String text, String label) {
        return new Example(text, label, null);
    }

    /** @return a causal-LM instruction example: the loss covers the completion only */
    public static Example instruction(String prompt, String completion) {
        return new Example(null, null, null, prompt, completion);
    }

    /**
     * @return the causal-LM view: {@code prompt + completion} when a completion is set (a missing prompt is empty),
     *         else the whole text as the target; null when the example has neither
     */
    public LmExample lmExample() {
        if (completion != null) {
            return new LmExample(prompt == null ? "" : prompt, completion);
        }
        return text == null ? null : LmExample.text(text);
    }
}
