package io.tunestream.split.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.openhft.hashing.LongHashFunction;

/**
 * The units a split assigns: one per group key (group-aware) or one per ungrouped record, in a
 * seeded random order that depends only on the seed and the ids, not on the input order
 * (sorted by a seeded 64-bit hash of the key, ties by the key itself), larger groups first.
 * Stored column-wise: {@code members(u)} are record indices. Package-private helper of
 * {@link StratifiedSplitter}.
 */
final class SplitUnits {

    final int[] labelOf;
    final List<String> labels;
    final int[] order;
    private final int[] start;
    private final int[] members;

    private SplitUnits(int[] labelOf, List<String> labels, int[] order, int[] start, int[] members) {
        this.labelOf = labelOf;
        this.labels = labels;
        this.order = order;
        this.start = start;
        this.members = members;
    }

    /** Builds the units; rejects duplicate ids. */
    static SplitUnits build(List<TextRecord> records, SplitConfig config) throws SplitRejection {
        int n = records.size();
        Map<String, Integer> labelIds = new HashMap<>();
        List<String> labels = new ArrayList<>();
        int[] labelOf = new int[n];
        int[] unitOf = new int[n];
        List<String> unitKeys = new ArrayList<>();
        Map<String, Integer> groupUnits = new HashMap<>();
        Set<String> ids = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++) {
            TextRecord r = records.get(i);
            if (!ids.add(r.id())) {
                throw new SplitRejection(SplitRejection.Reason.DUPLICATE_ID, "record id '" + r.id() + "' occurs twice");
            }
            String label = r.label() == null ? StratifiedSplitter.NO_LABEL : r.label();
            labelOf[i] = labelIds.computeIfAbsent(label, l -> {
                labels.add(l);
                return labels.size() - 1;
            });
            if (config.groupAware() && r.group() != null) {
                unitOf[i] = groupUnits.computeIfAbsent(r.group(), g -> {
                    unitKeys.add("g:" + g);
                    return unitKeys.size() - 1;
                });
            } else {
                unitKeys.add("r:" + r.id());
                unitOf[i] = unitKeys.size() - 1;
            }
        }
        int[] start = offsets(unitOf, unitKeys.size());
        int[] order = seededOrder(unitKeys, config.seed());
        SplitUnits result = new SplitUnits(labelOf, List.copyOf(labels), order, start, membersByUnit(unitOf, start));
        result.largestFirst();
        return result;
    }

    /** start[u] .. start[u + 1] is unit u's slice of the member array. */
    private static int[] offsets(int[] unitOf, int units) {
        int[] start = new int[units + 1];
        for (int u : unitOf) {
            start[u + 1]++;
        }
        for (int u = 0; u < units; u++) {
            start[u + 1] += start[u];
        }
        return start;
    }

    /** Record indices grouped by unit (input order within a unit). */
    private static int[] membersByUnit(int[] unitOf, int[] start) {
        int[] fill = Arrays.copyOf(start, start.length - 1);
        int[] members = new int[unitOf.length];
        for (int i = 0; i < unitOf.length; i++) {
            members[fill[unitOf[i]]++] = i;
        }
        return members;
    }

    int size(int unit) {
        return start[unit + 1] - start[unit];
    }

    int member(int unit, int j) {
        return members[start[unit] + j];
    }

    /** Unit indices sorted by the seeded hash of their key; equal high 32 bits resolved by the key. */
    private static int[] seededOrder(List<String> keys, long seed) {
        LongHashFunction hash = LongHashFunction.xx3(seed);
        long[] packed = new long[keys.size()];
        for (int u = 0; u < packed.length; u++) {
            packed[u] = (hash.hashChars(keys.get(u)) & 0xFFFFFFFF00000000L) | u;
        }
        Arrays.sort(packed);
        int[] order = new int[packed.length];
        for (int i = 0; i < packed.length; i++) {
            order[i] = (int) packed[i];
        }
        for (int i = 0; i < packed.length; ) {
            int j = i + 1;
            while (j < packed.length && (packed[j] >>> 32) == (packed[i] >>> 32)) {
                j++;
            }
            if (j - i > 1) { // rare 32-bit tie: order by key so the input order never matters
                Integer[] run = new Integer[j - i];
                for (int k = i; k < j; k++) {
                    run[k - i] = order[k];
                }
                Arrays.sort(run, (a, b) -> keys.get(a).compareTo(keys.get(b)));
                for (int k = i; k < j; k++) {
                    order[k] = run[k - i];
                }
            }
            i = j;
        }
        return order;
    }

    /** Stable re-order by size, largest first (groups before single records), keeping the seeded order within a size. */
    private void largestFirst() {
        boolean anyGroup = false;
        for (int u = 0; u < order.length && !anyGroup; u++) {
            anyGroup = size(u) > 1;
        }
        if (!anyGroup) {
            return;
        }
        Integer[] boxed = Arrays.stream(order).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (a, b) -> Integer.compare(size(b), size(a)));
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
        }
    }
}
