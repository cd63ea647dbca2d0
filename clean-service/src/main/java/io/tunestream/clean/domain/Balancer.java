package io.tunestream.clean.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.openhft.hashing.LongHashFunction;

/**
 * Applies a {@link BalancePolicy} to a whole dataset. Records without a label (regression) are
 * kept and ignored by the class counts.
 *
 * <p>Undersampling keeps, in every class, the records with the smallest seeded hash of their id:
 * a uniform random sample that depends only on the seed and the ids, not on the input order.
 */
public final class Balancer {

    private final BalancePolicy policy;
    private final LongHashFunction idHash;

    /** A balancer for one policy; {@code seed} drives undersampling. */
    public Balancer(BalancePolicy policy, long seed) {
        this.policy = policy;
        this.idHash = LongHashFunction.xx3(seed);
    }

    /** The balanced dataset and the plan or weights the later stages need. */
    public BalanceOutcome balance(List<TextRecord> records) {
        Map<String, Integer> counts = countByLabel(records);
        return switch (policy) {
            case NONE -> new BalanceOutcome(policy, records, 0, Map.of(), Map.of());
            case UNDERSAMPLE -> undersample(records, counts);
            case OVERSAMPLE -> new BalanceOutcome(policy, records, 0, oversamplePlan(counts), Map.of());
            case CLASS_WEIGHTS -> new BalanceOutcome(policy, records, 0, Map.of(), classWeights(counts));
        };
    }

    /** Extra copies per label so that every class reaches the largest one. */
    public static Map<String, Integer> oversamplePlan(Map<String, Integer> counts) {
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<String, Integer> plan = new TreeMap<>();
        counts.forEach((label, n) -> plan.put(label, max - n));
        return plan;
    }

    /** sklearn's "balanced" weights: {@code n_samples / (n_classes * count)}. */
    public static Map<String, Double> classWeights(Map<String, Integer> counts) {
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        Map<String, Double> weights = new TreeMap<>();
        counts.forEach((label, n) -> weights.put(label, (double) total / ((double) counts.size() * n)));
        return weights;
    }

    private BalanceOutcome undersample(List<TextRecord> records, Map<String, Integer> counts) {
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        Map<String, long[]> keysByLabel = new HashMap<>();
        Map<String, int[]> filled = new HashMap<>();
        counts.forEach((label, n) -> {
            keysByLabel.put(label, new long[n]);
            filled.put(label, new int[1]);
        });
        for (int i = 0; i < records.size(); i++) {
            String label = records.get(i).label();
            if (label != null) {
                // high 32 bits: seeded hash of the id (the random order); low 32 bits: the index
                long priority = idHash.hashChars(records.get(i).id()) & 0xFFFFFFFF00000000L;
                keysByLabel.get(label)[filled.get(label)[0]++] = priority | i;
            }
        }
        boolean[] keep = new boolean[records.size()];
        for (long[] keys : keysByLabel.values()) {
            Arrays.sort(keys);
            for (int j = 0; j < min; j++) {
                keep[(int) keys[j]] = true;
            }
        }
        List<TextRecord> kept = new ArrayList<>(min * counts.size());
        for (int i = 0; i < records.size(); i++) {
            if (keep[i] || records.get(i).label() == null) {
                kept.add(records.get(i));
            }
        }
        return new BalanceOutcome(policy, kept, records.size() - kept.size(), Map.of(), Map.of());
    }

    private static Map<String, Integer> countByLabel(List<TextRecord> records) {
        Map<String, int[]> counts = new HashMap<>(); // no boxed count per record
        for (TextRecord r : records) {
            if (r.label() != null) {
                counts.computeIfAbsent(r.label(), l -> new int[1])[0]++;
            }
        }
        Map<String, Integer> byLabel = new TreeMap<>();
        counts.forEach((label, n) -> byLabel.put(label, n[0]));
        return byLabel;
    }
}
