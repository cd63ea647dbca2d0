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
 * What arrived of one open dataset version at one stage partition before its seal: the records of its valid batches
 * (a batch counts once, by event id) and the counts its seal is judged by ({@link SealVerdict.Arrivals}). Pure and in
 * memory; the processor fills one while the version streams in, or from a re-read of the input after a restart.
 */
final class VersionArrivals {

    private final Set<String> eventIds = new HashSet<>();
    private List<DatasetRecord> records = new ArrayList<>();
    private boolean holdsRecords = true;
    private long received;
    private long batches;
    private long bytes;
    private long deadLettered;
    private long deadLetteredKnown;
    private long deadLetteredRecords;

    /**
     * Adds a valid batch (or single record) event.
     *
     * @param size the event's encoded size, for the memory bound
     * @return whether it was new (a redelivered event id counts once)
     */
    boolean add(DatasetEvent event, long size) {
        if (!eventIds.add(event.getEventId())) {
            return false;
        }
        List<DatasetRecord> batch = DatasetEvents.records(event);
        if (holdsRecords) {
            records.addAll(batch);
            bytes += size;
        }
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

    /** Lets the records go (the memory bound was reached); the counts go on, and the seal re-reads the version. */
    long releaseRecords() {
        long released = bytes;
        holdsRecords = false;
        records = new ArrayList<>();
        bytes = 0;
        return released;
    }

    /** Whether every valid record that arrived is still held. */
    boolean holdsRecords() {
        return holdsRecords;
    }

    /** Encoded bytes of the events whose records are held. */
    long bytes() {
        return bytes;
    }

    /** Events dead-lettered, undecodable ones included. */
    long deadLettered() {
        return deadLettered;
    }

    /** The held records ordered by record id, so arrival order and batch boundaries never matter. */
    List<DatasetRecord> sortedRecords() {
        if (!holdsRecords) {
            throw new IllegalStateException("the records were released; re-read the version");
        }
        records.sort(Comparator.comparing(DatasetRecord::getRecordId));
        return records;
    }

    /** The counts for the seal's verdict. */
    SealVerdict.Arrivals toVerdictInput(long expected, long declaredBatches) {
        return new SealVerdict.Arrivals(expected, received, declaredBatches, batches, deadLetteredRecords,
                deadLetteredKnown, deadLettered - deadLetteredKnown);
    }
}
