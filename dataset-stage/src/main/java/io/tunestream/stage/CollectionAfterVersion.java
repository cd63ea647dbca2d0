package io.tunestream.stage;

import java.util.Map;

/**
 * When a stage collects its heap: once after each large version, when the version's transaction has committed and
 * nothing of it is live any more. A version of a million records allocates about as much as a stage's young
 * generation; collected mid-version, the collector copies the whole live version (and then compacts the old
 * generation it filled): 0.5-2 s of pause inside the next version's critical path, as logged with {@code -Xlog:gc}.
 * Collected right after the commit, with next to nothing live, the next version starts with an empty heap and, in
 * a young generation sized for it, is not collected at all while it is applied.
 *
 * <p>Driven by the processor's wall-clock punctuation on the stage thread: {@link #sealed(long)} at a seal, then
 * {@link #tick()} at each punctuation. Kafka Streams commits a task that asked for it ({@code context.commit()}) in
 * the same loop of the stage thread in which the seal was processed, so the second tick after a seal comes after
 * that commit. Not thread-safe: the stage thread only.
 */
final class CollectionAfterVersion {

    /** Kafka Streams setting (file key {@code kafka-streams.dataset.collect.after.records}); 0 = never. */
    static final String RECORDS_CONFIG = "dataset.collect.after.records";
    static final long DEFAULT_RECORDS = 100_000;

    private final long records;
    private int ticksToWait = -1; // -1: nothing to collect

    CollectionAfterVersion(long records) {
        this.records = records;
    }

    static CollectionAfterVersion of(Map<String, Object> appConfigs) {
        return new CollectionAfterVersion(StageStreamsConfig.number(appConfigs, RECORDS_CONFIG, DEFAULT_RECORDS, 0));
    }

    /** The smallest version (records in and out) collected after; 0 = none. */
    long records() {
        return records;
    }

    /** A version of this many records (in and out) was applied and its commit requested. */
    void sealed(long versionRecords) {
        if (records > 0 && versionRecords >= records) {
            ticksToWait = 1;
        }
    }

    /** @return whether to collect now */
    boolean tick() {
        if (ticksToWait < 0) {
            return false;
        }
        if (ticksToWait > 0) {
            ticksToWait--;
            return false;
        }
        ticksToWait = -1;
        return true;
    }
}
