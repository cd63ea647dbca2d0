package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.schemas.DatasetKeys;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Running counts of the dataset versions arriving on the ingest topic, kept in two changelogged stores
 * (so they survive a restart and stay exactly-once with the output): the seal in the making (records per
 * partition and label) and the stage report (records in / out / dead-lettered, labels in / out).
 */
final class DatasetTally {

    static final String SEALS = "ingest-seals";
    static final String REPORTS = "ingest-reports";

    private final KeyValueStore<String, DatasetSeal> seals;
    private final KeyValueStore<String, StageReport> reports;

    DatasetTally(KeyValueStore<String, DatasetSeal> seals, KeyValueStore<String, StageReport> reports) {
        this.seals = seals;
        this.reports = reports;
    }

    /** A decoded record arrived. */
    void received(String key, DatasetEvent event, String label) {
        StageReport report = report(key);
        report.setRecordsIn(report.getRecordsIn() + 1);
        report.setLabelsIn(increment(report.getLabelsIn(), label));
        reports.put(key, report);
    }

    /** A received record was refused. */
    void deadLettered(String key, DatasetEvent event) {
        StageReport report = report(key);
        if (event == null) {
            report.setRecordsIn(report.getRecordsIn() + 1); // undecodable: never counted as received
        }
        report.setDeadLettered(report.getDeadLettered() + 1);
        reports.put(key, report);
    }

    /** A received record was forwarded to the given partition of the raw topic. */
    void forwarded(String key, int partition, String label) {
        DatasetSeal seal = seal(key);
        seal.setRecordCount(seal.getRecordCount() + 1);
        seal.setPartitionCounts(increment(seal.getPartitionCounts(), String.valueOf(partition)));
        seal.setLabelCounts(increment(seal.getLabelCounts(), label));
        seals.put(key, seal);
        StageReport report = report(key);
        report.setRecordsOut(report.getRecordsOut() + 1);
        report.setLabelsOut(increment(report.getLabelsOut(), label));
        reports.put(key, report);
    }

    /** The seal of the version as counted, with the producer's per-dataset config. */
    DatasetSeal seal(String key, Map<String, String> config) {
        DatasetSeal seal = seal(key);
        seal.setConfig(new HashMap<>(config));
        return seal;
    }

    /** The final report; notes when the producer's seal declared another record count. */
    StageReport report(String key, DatasetEvent sealEvent, DatasetSeal producerSeal) {
        StageReport report = report(key);
        report.setConfig(new HashMap<>(producerSeal.getConfig()));
        report.setProducedAt(Instant.now());
        if (producerSeal.getRecordCount() != report.getRecordsIn()) {
            report.setMessage("the producer's seal declares " + producerSeal.getRecordCount() + " records, "
                    + report.getRecordsIn() + " arrived before it");
        }
        return report;
    }

    void clear(String key) {
        seals.delete(key);
        reports.delete(key);
    }

    private DatasetSeal seal(String key) {
        DatasetSeal seal = seals.get(key);
        return seal != null ? seal : DatasetSeal.newBuilder().setRecordCount(0).build();
    }

    private StageReport report(String key) {
        StageReport report = reports.get(key);
        if (report != null) {
            return report;
        }
        return StageReport.newBuilder().setReportId(key + "/" + DatasetEventFactory.STAGE)
                .setDatasetId(DatasetKeys.datasetId(key)).setVersion(DatasetKeys.version(key))
                .setStage(DatasetEventFactory.STAGE).setRecordsIn(0).setRecordsOut(0)
                .setStatus(StageStatus.COMPLETED).setProducedAt(Instant.now()).build();
    }

    private static Map<String, Long> increment(Map<String, Long> counts, String key) {
        Map<String, Long> copy = new HashMap<>(counts);
        if (key != null) {
            copy.merge(key, 1L, Long::sum);
        }
        return copy;
    }
}
