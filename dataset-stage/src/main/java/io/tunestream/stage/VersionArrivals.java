package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.schemas.DatasetEvents;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What arrived of one dataset version at one stage partition before its seal: the records of its valid batches (a
 * batch counts once, by event id) and the counts its seal is judged by ({@link SealVerdict.Arrivals}). Pure; the
 * processor fills one at the seal from the version's messages, held since they came or re-read from the input.
 */
final class VersionArrivals {

    private final Set<String> eventIds = new HashSet<>();
    private final List<DatasetRecord> records = new ArrayList<>();
    private long received;
    private long batches;
    private long deadLettered;
    private long deadLetteredKnown;
    private long deadLetteredRecords;

    /**
     * Adds a valid batch (or single record) event.
     *
     * @return whether it was new (a redelivered event id counts once)
     */
    boolean add(DatasetEvent event) {
        if (!eventIds.add(event.getEventId())) {
            return false;
        }
        List<DatasetRecord> batch = DatasetEvents.records(event);
        records.addAll(batch);
        received += batch.size();
        batches++;
        return true;
    }

    /**
     * Counts an event of this version sent to the dead-letter topic.
     *
     * @param records records it held when it decoded, or -1 when it did not decode
     */
    void deadLettered(int records) {
        deadLettered++;
        if (records >= 0) {
            deadLetteredKnown++;
            deadLetteredRecords += records;
        }
    }

    /** Events dead-lettered, undecodable ones included. */
    long deadLettered() {
        return deadLettered;
    }

    /** The held records ordered by record id, so arrival order and batch boundaries never matter. */
    List<DatasetRecord> sortedRecords() {
        records.sort(Comparator.comparing(DatasetRecord::getRecordId));
        return records;
    }

    /** The counts for the seal's verdict. */
    SealVerdict.Arrivals toVerdictInput(long expected, long declaredBatches) {
        return new SealVerdict.Arrivals(expected, received, declaredBatches, batches, deadLetteredRecords,
                deadLetteredKnown, deadLettered - deadLetteredKnown);
    }
}
