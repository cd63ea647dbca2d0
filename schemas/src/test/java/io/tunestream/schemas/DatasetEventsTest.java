package io.tunestream.schemas;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.serde.SingleObjectCodec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every form of a dataset event's body reads as a list of records. */
class DatasetEventsTest {

    private static final SingleObjectCodec<DatasetEvent> CODEC = new SingleObjectCodec<>(DatasetEvent.class);

    @Test
    void shouldReadBatchRecordsInOrderWhenBodyIsABatch() {
        // Given: a batch of two records, through Avro binary and back
        DatasetRecordBatch batch = DatasetRecordBatch.newBuilder().setBatchNumber(4)
                .setRecords(List.of(record("r2"), record("r1"))).build();

        // When
        List<DatasetRecord> records = DatasetEvents.records(CODEC.decode(CODEC.encode(event(batch))));

        // Then
        assertThat(records).extracting(DatasetRecord::getRecordId).containsExactly("r2", "r1");
    }

    @Test
    void shouldReadALoneRecordAsABatchOfOneWhenBodyIsARecord() {
        assertThat(DatasetEvents.records(event(record("r1")))).extracting(DatasetRecord::getRecordId).containsExactly("r1");
        assertThat(DatasetEvents.carriesRecords(event(record("r1")))).isTrue();
    }

    @Test
    void shouldReadNoRecordsWhenBodyIsASeal() {
        DatasetEvent seal = event(DatasetSeal.newBuilder().setRecordCount(3).setBatchCount(2).build());
        assertThat(DatasetEvents.records(seal)).isEmpty();
        assertThat(DatasetEvents.carriesRecords(seal)).isFalse();
    }

    private static DatasetRecord record(String id) {
        return DatasetRecord.newBuilder().setRecordId(id).setSourceRecordId(id).setText("text " + id).build();
    }

    private static DatasetEvent event(Object body) {
        return DatasetEvent.newBuilder().setEventId("e").setDatasetId("d").setVersion("1").setStage("ingest")
                .setProducedAt(Instant.EPOCH).setBody(body).build();
    }
}
