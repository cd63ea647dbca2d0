package io.tunestream.trainer.domain;

/**
 * One training or validation example of a prepared dataset.
 *
 * @param text the input text
 * @param label class label (classification), or null
 * @param score numeric target (regression), or null
 */
public record Example(String text, String label, Double score) {

    /** @return a classification example */
    public static Example labelled(String text, String label) {
        return new Example(text, label, null);
    }
}
