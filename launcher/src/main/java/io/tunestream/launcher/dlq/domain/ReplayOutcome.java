package io.tunestream.launcher.dlq.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@code tunestream dlq replay} did (or, in a dry run, would do) with a DLQ's dead letters: every dead
 * letter it read is counted once, as replayed (per source topic), already replayed, or not selected.
 *
 * @param dlq             the DLQ topic
 * @param read            dead letters read
 * @param replayed        re-published, per source topic
 * @param alreadyReplayed replayed by an earlier replay, skipped
 * @param notSelected     of another reason than {@code --reason}, left for a later replay
 * @param dryRun          whether nothing was written
 */
public record ReplayOutcome(String dlq, long read, Map<String, Long> replayed, long alreadyReplayed, long notSelected,
                            boolean dryRun) {

    public ReplayOutcome {
        replayed = Collections.unmodifiableMap(new TreeMap<>(replayed));
    }

    /** Dead letters re-published, over all source topics. */
    public long replayedTotal() {
        return replayed.values().stream().mapToLong(Long::longValue).sum();
    }
}
