package io.tunestream.split.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The records of each split (in the seeded random order) and the per-label counts.
 *
 * @param splits        records per split
 * @param countsByLabel for each label (regression records under {@link StratifiedSplitter#NO_LABEL}), its count per split
 */
public record SplitResult(Map<Split, List<TextRecord>> splits, Map<String, Map<Split, Integer>> countsByLabel) {

    /** Freezes the maps. */
    public SplitResult {
        splits = Collections.unmodifiableMap(new EnumMap<>(splits));
        countsByLabel = Collections.unmodifiableMap(countsByLabel);
    }

    /** The records of one split. */
    public List<TextRecord> get(Split split) {
        return splits.get(split);
    }
}
