package io.tunestream.ingest.domain;

import java.util.Map;

/**
 * A record that passed validation, ready to be published.
 *
 * @param sourceRecordId id from the input, or {@code line-<n>}
 * @param text           the text; null only for a causal-LM prompt/completion record
 * @param label          class label, or null for a regression or causal-LM record without one
 * @param score          numeric target, or null for classification
 * @param group          group key, or null
 * @param attributes     the other input fields, carried along
 * @param prompt         causal-LM prompt, or null
 * @param completion     causal-LM completion, or null (set exactly when the prompt is)
 */
public record ValidRecord(String sourceRecordId, String text, String label, Double score, String group,
                          Map<String, String> attributes, String prompt, String completion) {

    /** A record without prompt and completion (classification, regression, plain-text causal LM). */
    public ValidRecord(String sourceRecordId, String text, String label, Double score, String group,
                       Map<String, String> attributes) {
        this(sourceRecordId, text, label, score, group, attributes, null, null);
    }

    /** Whether this is a causal-LM prompt/completion record. */
    public boolean pair() {
        return prompt != null || completion != null;
    }
}
