package io.tunestream.ingest.domain;

import java.util.Map;

/**
 * A record that passed validation, ready to be published.
 *
 * @param sourceRecordId id from the input, or {@code line-<n>}
 * @param text           the text (never blank)
 * @param label          class label, or null for a regression record without one
 * @param score          numeric target, or null for classification
 * @param group          group key, or null
 * @param attributes     the other input fields, carried along
 */
public record ValidRecord(String sourceRecordId, String text, String label, Double score, String group,
                          Map<String, String> attributes) {
}
