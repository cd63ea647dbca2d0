package io.tunestream.split.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The records of each split (in the seeded random order), the split of each input record by its position, and the
 * per-label counts.
 *
 * @param splits        records per split
 * @param countsByLabel for each label (regression records under {@link StratifiedSplitter#NO_LABEL}), its count per split
 * @param splitOf       the split of the splitter's i-th input record is {@code Split.values()[splitOf[i]]}: a caller
 *                      that keeps its records in input order assigns them in one sequential pass
 */
public record SplitResult(Map<Split, List<TextRecord>> splits, Map<String, Map<Split, Integer>> countsByLabel,
                          byte[] splitOf) {

    private static final Split[] SPLITS = Split.values();

    /** Freezes the maps. */
    public SplitResult {
        splits = Collections.unmodifiableMap(new EnumMap<>(splits));
        countsByLabel = Collections.unmodifiableMap(countsByLabel);
    }

    /** The split of the splitter's {@code index}-th input record. */
    public Split splitOf(int index) {
        return SPLITS[splitOf[index]];
    }

    /** The records of one split. */
    public List<TextRecord> get(Split split) {
        return splits.get(split);
    }
}
