package io.tunestream.launcher.dlq.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead letters of one DLQ grouped by reason, the most frequent reason first (ties by name), each group in DLQ
 * order: what {@code tunestream dlq list} prints.
 *
 * @param topic  the DLQ topic
 * @param groups one group per reason
 */
public record DeadLetterSummary(String topic, List<ReasonGroup> groups) {

    /**
     * The dead letters of one reason.
     *
     * @param reason  the reason
     * @param letters its dead letters, in DLQ order
     */
    public record ReasonGroup(String reason, List<DeadLetter> letters) {
        public ReasonGroup {
            letters = List.copyOf(letters);
        }
    }

    public DeadLetterSummary {
        groups = List.copyOf(groups);
    }

    /** Groups {@code letters} (in DLQ order) by reason. */
    public static DeadLetterSummary of(String topic, List<DeadLetter> letters) {
        Map<String, List<DeadLetter>> byReason = new LinkedHashMap<>();
        letters.stream().sorted(Comparator.comparingInt(DeadLetter::dlqPartition).thenComparingLong(DeadLetter::dlqOffset))
                .forEach(l -> byReason.computeIfAbsent(l.reason(), r -> new ArrayList<>()).add(l));
        List<ReasonGroup> groups = new ArrayList<>();
        byReason.forEach((reason, group) -> groups.add(new ReasonGroup(reason, group)));
        groups.sort(Comparator.comparingInt((ReasonGroup g) -> -g.letters().size()).thenComparing(ReasonGroup::reason));
        return new DeadLetterSummary(topic, groups);
    }

    /** How many dead letters there are in all. */
    public int total() {
        return groups.stream().mapToInt(g -> g.letters().size()).sum();
    }

    /** Count per reason, in group order. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        groups.forEach(g -> counts.put(g.reason(), g.letters().size()));
        return counts;
    }
}
