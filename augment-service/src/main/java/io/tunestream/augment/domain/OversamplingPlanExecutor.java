package io.tunestream.augment.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Oversamples minority classes by augmentation: for each label of the plan, cycles over the
 * label's records (by id, so the input order does not matter) generating augmented copies
 * ({@code <id>~os<k>}, lineage {@code augment:oversample} + the operation) until the planned
 * number exists. Copies identical to their source are skipped; if a class cannot reach its
 * target (e.g. one-word texts) the shortfall is reported instead of looping forever.
 */
public final class OversamplingPlanExecutor {

    /** How many attempts per planned copy before giving up on a class. */
    private static final int ATTEMPTS_PER_COPY = 4;

    private final Augmenter augmenter;

    /** An executor generating copies with {@code augmenter}'s operations and seed. */
    public OversamplingPlanExecutor(Augmenter augmenter) {
        this.augmenter = augmenter;
    }

    /**
     * What oversampling produced.
     *
     * @param generated the new records
     * @param shortfall per label, planned copies that could not be generated (0 when the plan was met)
     */
    public record Outcome(List<TextRecord> generated, Map<String, Integer> shortfall) {
    }

    /** The plan that brings every class up to the largest one. */
    public static Map<String, Integer> planToMatchLargest(List<TextRecord> records) {
        Map<String, Integer> counts = new TreeMap<>();
        records.stream().filter(r -> r.label() != null).forEach(r -> counts.merge(r.label(), 1, Integer::sum));
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<String, Integer> plan = new TreeMap<>();
        counts.forEach((label, n) -> plan.put(label, max - n));
        return plan;
    }

    /** Generates the planned extra copies per label from the records of that label. */
    public Outcome execute(List<TextRecord> records, Map<String, Integer> plan) {
        List<TextRecord> generated = new ArrayList<>();
        Map<String, Integer> shortfall = new TreeMap<>();
        new TreeMap<>(plan).forEach((label, extra) -> {
            List<TextRecord> sources = records.stream().filter(r -> label.equals(r.label()))
                    .sorted(Comparator.comparing(TextRecord::id)).toList();
            int made = extra <= 0 || sources.isEmpty() ? 0 : fill(sources, extra, generated);
            shortfall.put(label, Math.max(0, extra - made));
        });
        return new Outcome(generated, shortfall);
    }

    private int fill(List<TextRecord> sources, int extra, List<TextRecord> out) {
        int made = 0;
        long attempts = (long) extra * ATTEMPTS_PER_COPY + sources.size();
        for (int j = 0; made < extra && j < attempts; j++) {
            TextRecord source = sources.get(j % sources.size());
            var copy = augmenter.generate(source, "os", j / sources.size(), List.of("augment:oversample"));
            if (copy.isPresent()) {
                out.add(copy.get());
                made++;
            }
        }
        return made;
    }
}
