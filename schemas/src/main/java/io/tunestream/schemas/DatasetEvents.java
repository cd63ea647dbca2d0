package io.tunestream.schemas;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;

import java.util.List;

/**
 * Reads the records out of a dataset event, whatever form its body takes: a {@link DatasetRecordBatch} (how the
 * stages write), a lone {@link DatasetRecord} (the ingest topic's form, and data written before batches), or a
 * seal (no records). Every reader goes through here, so there is one way of reading a version.
 */
public final class DatasetEvents {

    private DatasetEvents() {
    }

    /** The records an event carries, in order; empty for a seal. */
    public static List<DatasetRecord> records(DatasetEvent event) {
        Object body = event.getBody();
        if (body instanceof DatasetRecordBatch batch) {
            return batch.getRecords();
        }
        if (body instanceof DatasetRecord record) {
            return List.of(record);
        }
        return List.of();
    }

    /** Whether an event carries records (a batch or a lone record) rather than a seal. */
    public static boolean carriesRecords(DatasetEvent event) {
        return event.getBody() instanceof DatasetRecordBatch || event.getBody() instanceof DatasetRecord;
    }
}
