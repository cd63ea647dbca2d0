package io.tunestream.split.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stratified, group-aware train/validation/test split, deterministic for a seed.
 *
 * <p>Per label, the target count of each split is the largest-remainder apportionment of the
 * label's records over the ratios (each non-empty split gets at least one). Units (groups, or
 * single records) are visited in a seeded random order, largest groups first, and each goes to
 * the split where it reduces the total distance to the per-label targets the most (ties: the
 * split with the largest relative deficit). Without groups every unit is one record, so the
 * per-label counts equal the targets exactly; with groups they are as close as the group sizes
 * allow, and a group never straddles two splits. Stateless and thread-safe.
 */
public final class StratifiedSplitter {

    /** The stratum of records without a label (regression). */
    public static final String NO_LABEL = "<none>";

    private static final Split[] SPLITS = Split.values();

    private final SplitConfig config;

    /** A splitter for one configuration. */
    public StratifiedSplitter(SplitConfig config) {
        this.config = config;
    }

    /** Splits the dataset, or says why it cannot be split as asked. */
    public SplitResult split(List<TextRecord> records) throws SplitRejection {
        double[] ratios = validRatios();
        if (records.isEmpty()) {
            throw new SplitRejection(SplitRejection.Reason.EMPTY_DATASET, "the dataset has no records");
        }
        SplitUnits units = SplitUnits.build(records, config);
        int[][] targets = targets(units, ratios);
        int[] assignment = assign(units, targets, ratios);
        return result(records, units, assignment);
    }

    private double[] validRatios() throws SplitRejection {
        double[] ratios = config.ratios();
        double sum = 0;
        for (double r : ratios) {
            if (!Double.isFinite(r) || r < 0) {
                throw new SplitRejection(SplitRejection.Reason.INVALID_RATIOS, "ratio " + r + " is not a share");
            }
            sum += r;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new SplitRejection(SplitRejection.Reason.INVALID_RATIOS, String.format(
                    "train %s + validation %s + test %s = %s, not 1", ratios[0], ratios[1], ratios[2], sum));
        }
        return ratios;
    }

    /** targets[label][split], after checking each label can reach every non-empty split. */
    private int[][] targets(SplitUnits units, double[] ratios) throws SplitRejection {
        int labelCount = units.labels.size();
        int[] records = new int[labelCount];
        int[] unitsWithLabel = new int[labelCount];
        int[] lastUnit = new int[labelCount];
        Arrays.fill(lastUnit, -1);
        for (int u : units.order) {
            for (int j = 0; j < units.size(u); j++) {
                int l = units.labelOf[units.member(u, j)];
                records[l]++;
                unitsWithLabel[l] += lastUnit[l] == u ? 0 : 1;
                lastUnit[l] = u;
            }
        }
        int needed = config.nonEmptySplits();
        int[][] targets = new int[labelCount][];
        for (int l = 0; l < labelCount; l++) {
            if (records[l] < needed) {
                throw new SplitRejection(SplitRejection.Reason.TOO_FEW_RECORDS_FOR_LABEL, String.format(
                        "label '%s' has %d record(s), fewer than the %d non-empty splits",
                        units.labels.get(l), records[l], needed));
            }
            if (unitsWithLabel[l] < needed) {
                throw new SplitRejection(SplitRejection.Reason.TOO_FEW_GROUPS_FOR_LABEL, String.format(
                        "label '%s' occurs in %d group(s), fewer than the %d non-empty splits",
                        units.labels.get(l), unitsWithLabel[l], needed));
            }
            targets[l] = LargestRemainder.apportion(records[l], ratios);
        }
        return targets;
    }

    /** split index per unit, greedily, in the units' seeded order. */
    private static int[] assign(SplitUnits units, int[][] targets, double[] ratios) {
        int[][] assigned = new int[targets.length][SPLITS.length];
        int[] assignment = new int[units.order.length];
        int[] counts = new int[targets.length];
        int[] distinct = new int[targets.length];
        for (int u : units.order) {
            int labels = 0;
            for (int j = 0; j < units.size(u); j++) {
                int l = units.labelOf[units.member(u, j)];
                if (counts[l]++ == 0) {
                    distinct[labels++] = l;
                }
            }
            int best = bestSplit(distinct, labels, counts, assigned, targets, ratios);
            assignment[u] = best;
            for (int k = 0; k < labels; k++) {
                int l = distinct[k];
                assigned[l][best] += counts[l];
                counts[l] = 0;
            }
        }
        return assignment;
    }

    /** The split whose per-label distance to the targets drops most (ties: largest relative deficit). */
    private static int bestSplit(int[] distinct, int labels, int[] counts, int[][] assigned, int[][] targets,
                                 double[] ratios) {
        int best = -1;
        long bestDelta = Long.MAX_VALUE;
        double bestDeficit = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < SPLITS.length; s++) {
            if (ratios[s] <= 0) {
                continue;
            }
            long delta = 0;
            double deficit = 0;
            for (int k = 0; k < labels; k++) {
                int l = distinct[k];
                int a = assigned[l][s];
                int t = targets[l][s];
                delta += Math.abs(a + counts[l] - t) - Math.abs(a - t);
                deficit += (double) (t - a) / Math.max(1, t);
            }
            if (delta < bestDelta || delta == bestDelta && deficit > bestDeficit) {
                best = s;
                bestDelta = delta;
                bestDeficit = deficit;
            }
        }
        return best;
    }

    private static SplitResult result(List<TextRecord> records, SplitUnits units, int[] assignment) {
        Map<Split, List<TextRecord>> splits = new EnumMap<>(Split.class);
        for (Split s : SPLITS) {
            splits.put(s, new ArrayList<>());
        }
        int[][] counts = new int[units.labels.size()][SPLITS.length];
        byte[] splitOf = new byte[records.size()];
        for (int u : units.order) {
            List<TextRecord> target = splits.get(SPLITS[assignment[u]]);
            for (int j = 0; j < units.size(u); j++) {
                int i = units.member(u, j);
                target.add(records.get(i));
                splitOf[i] = (byte) assignment[u];
                counts[units.labelOf[i]][assignment[u]]++;
            }
        }
        Map<String, Map<Split, Integer>> byLabel = new TreeMap<>();
        for (int l = 0; l < counts.length; l++) {
            Map<Split, Integer> perSplit = new EnumMap<>(Split.class);
            for (Split s : SPLITS) {
                perSplit.put(s, counts[l][s.ordinal()]);
            }
            byLabel.put(units.labels.get(l), perSplit);
        }
        return new SplitResult(splits, byLabel, splitOf);
    }
}
