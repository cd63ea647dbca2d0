package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.ingest.domain.IngestCounts;
import io.tunestream.ingest.domain.ValidRecord;
import io.tunestream.schemas.DatasetKeys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the events of one dataset version at the ingest stage. Record ids ({@code r<n>}) and event ids
 * ({@code <key>/b<n>}, {@code <key>/seal}) are deterministic, so a consumer deduplicating by event id sees a replay as one.
 */
public final class DatasetEventFactory {

    /** The stage name written on every event. */
    public static final String STAGE = "ingest";
    /** Operation recorded in each record's lineage. */
    public static final String OPERATION = "ingest:validate";

    private final String datasetId;
    private final String version;
    private final String key;

    public DatasetEventFactory(String datasetId, String version) {
        this.datasetId = datasetId;
        this.version = version;
        this.key = DatasetKeys.of(datasetId, version);
    }

    /** The record key of every event of this version. */
    public String key() {
        return key;
    }

    /** The n-th (1-based) record of the version, id {@code r<n>}. */
    public DatasetRecord record(long n, ValidRecord r) {
        return DatasetRecord.newBuilder().setRecordId("r" + n).setSourceRecordId(r.sourceRecordId())
                .setText(r.text()).setLabel(r.label()).setScore(r.score()).setGroup(r.group())
                .setPrompt(r.prompt()).setCompletion(r.completion())
                .setOperations(List.of(OPERATION)).setAttributes(r.attributes()).build();
    }

    /** The n-th (0-based) batch of records of the version, event id {@code <key>/b<n>}. */
    public DatasetEvent batch(long number, List<DatasetRecord> records) {
        return event(key + "/b" + number, DatasetRecordBatch.newBuilder().setBatchNumber(number).setRecords(records).build());
    }

    /** The seal closing the version. */
    public DatasetEvent seal(long recordCount, long batchCount, Map<String, Long> partitionCounts,
                             Map<String, Long> labelCounts, Map<String, String> config) {
        DatasetSeal seal = DatasetSeal.newBuilder().setRecordCount(recordCount).setBatchCount(batchCount)
                .setPartitionCounts(new LinkedHashMap<>(partitionCounts)).setLabelCounts(new LinkedHashMap<>(labelCounts))
                .setConfig(new LinkedHashMap<>(config)).build();
        return event(key + "/seal", seal);
    }

    /** The stage report of an upload or of an ingest-topic dataset. */
    public StageReport report(long recordsIn, IngestCounts counts, long deadLettered, Map<String, Long> labelsIn,
                              Map<String, String> config) {
        Map<String, Long> dropped = new LinkedHashMap<>();
        counts.rejected().forEach((reason, n) -> dropped.put(reason.name(), n));
        return StageReport.newBuilder().setReportId(key + "/" + STAGE).setDatasetId(datasetId).setVersion(version)
                .setStage(STAGE).setRecordsIn(recordsIn).setRecordsOut(counts.accepted()).setDropped(dropped)
                .setDeadLettered(deadLettered).setLabelsIn(new LinkedHashMap<>(labelsIn))
                .setLabelsOut(new LinkedHashMap<>(counts.labels())).setConfig(new LinkedHashMap<>(config))
                .setStatus(StageStatus.COMPLETED).setProducedAt(Instant.now()).build();
    }

    private DatasetEvent event(String eventId, Object body) {
        return DatasetEvent.newBuilder().setEventId(eventId).setDatasetId(datasetId).setVersion(version)
                .setStage(STAGE).setProducedAt(Instant.now()).setBody(body).build();
    }
}
