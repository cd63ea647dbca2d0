package io.tunestream.clean.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How labels are normalised.
 *
 * @param caseFold      lower-case labels ({@link java.util.Locale#ROOT}); default on
 * @param mapping       label rewrites applied after trimming and case-folding, e.g. {@code {"1":"spam","0":"ham"}};
 *                      keys are normalised the same way; default empty
 * @param knownLabels   the valid labels (mapping targets are always valid too); empty means every label is
 *                      valid and {@code unknownPolicy} never applies; default empty
 * @param unknownPolicy what to do with a label outside the known labels; default {@link UnknownLabelPolicy#KEEP}
 * @param fallbackLabel the label used by {@link UnknownLabelPolicy#FALLBACK}; default {@code "other"}
 */
public record LabelSettings(boolean caseFold, Map<String, String> mapping, Set<String> knownLabels,
                            UnknownLabelPolicy unknownPolicy, String fallbackLabel) {

    /** Freezes the collections and requires a policy. */
    public LabelSettings {
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        knownLabels = knownLabels == null ? Set.of() : Set.copyOf(knownLabels);
        Objects.requireNonNull(unknownPolicy, "unknownPolicy");
        if (unknownPolicy == UnknownLabelPolicy.FALLBACK && (fallbackLabel == null || fallbackLabel.isBlank())) {
            throw new IllegalArgumentException("FALLBACK needs a non-blank fallbackLabel");
        }
    }

    /** Case-fold, no mapping, every label valid. */
    public static LabelSettings defaults() {
        return new LabelSettings(true, Map.of(), Set.of(), UnknownLabelPolicy.KEEP, "other");
    }

    /** These settings with another mapping table. */
    public LabelSettings withMapping(Map<String, String> newMapping) {
        return new LabelSettings(caseFold, newMapping, knownLabels, unknownPolicy, fallbackLabel);
    }

    /** These settings with a closed label set and a policy for the labels outside it. */
    public LabelSettings withKnownLabels(Set<String> labels, UnknownLabelPolicy policy) {
        return new LabelSettings(caseFold, mapping, labels, policy, fallbackLabel);
    }
}
