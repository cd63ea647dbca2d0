package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.events.Task;
import io.tunestream.ingest.domain.FieldMapping;
import io.tunestream.schemas.DatasetKeys;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /** A received record of the given task (by its shape) was forwarded to the given partition of the raw topic. */
    void forwarded(String key, int partition, String label, Task task) {
        DatasetSeal seal = seal(key);
        seal.setConfig(withTask(seal.getConfig(), task));
        seal.setRecordCount(seal.getRecordCount() + 1);
        seal.setPartitionCounts(increment(seal.getPartitionCounts(), String.valueOf(partition)));
        seal.setLabelCounts(increment(seal.getLabelCounts(), label));
        seals.put(key, seal);
        StageReport report = report(key);
        report.setRecordsOut(report.getRecordsOut() + 1);
        report.setLabelsOut(increment(report.getLabelsOut(), label));
        reports.put(key, report);
    }

    /**
     * The producer's per-dataset config with the dataset's task: the one the producer declared, else the one its
     * records showed (classification when none or several); a message when records and declaration disagree.
     */
    TaskDecision task(String key, Map<String, String> producerConfig) {
        String seen = seal(key).getConfig().getOrDefault(FieldMapping.TASK_KEY, "");
        Set<String> seenTasks = seen.isEmpty() ? Set.of() : new TreeSet<>(List.of(seen.split(",")));
        String declared = producerConfig.get(FieldMapping.TASK_KEY);
        String task = declared != null ? FieldMapping.taskName(FieldMapping.parseTask(declared))
                : seenTasks.size() == 1 ? seenTasks.iterator().next() : FieldMapping.taskName(Task.CLASSIFICATION);
        Map<String, String> config = new HashMap<>(producerConfig);
        config.put(FieldMapping.TASK_KEY, task);
        boolean agree = seenTasks.isEmpty() || seenTasks.equals(Set.of(task));
        return new TaskDecision(config, agree ? null
                : "records of task " + String.join(" and ", seenTasks) + " arrived, the dataset's task is " + task);
    }

    /** A dataset's config with its task, and a note when its records disagree with it. */
    record TaskDecision(Map<String, String> config, String note) {
    }

    /** The seal of the version as counted, with the producer's per-dataset config. */
    DatasetSeal seal(String key, Map<String, String> config) {
        DatasetSeal seal = seal(key);
        seal.setConfig(new HashMap<>(config));
        return seal;
    }

    /** The final report; notes when the producer's seal declared another record count. */
    StageReport report(String key, DatasetSeal producerSeal, TaskDecision task) {
        StageReport report = report(key);
        report.setConfig(new HashMap<>(task.config()));
        report.setProducedAt(Instant.now());
        List<String> notes = new ArrayList<>();
        if (producerSeal.getRecordCount() != report.getRecordsIn()) {
            notes.add("the producer's seal declares " + producerSeal.getRecordCount() + " records, "
                    + report.getRecordsIn() + " arrived before it");
        }
        if (task.note() != null) {
            notes.add(task.note());
        }
        report.setMessage(notes.isEmpty() ? null : String.join("; ", notes));
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

    private static Map<String, String> withTask(Map<String, String> config, Task task) {
        String name = FieldMapping.taskName(task);
        String seen = config.get(FieldMapping.TASK_KEY);
        if (seen != null && List.of(seen.split(",")).contains(name)) {
            return config;
        }
        Map<String, String> copy = new HashMap<>(config);
        copy.put(FieldMapping.TASK_KEY, seen == null ? name : seen + "," + name);
        return copy;
    }

    private static Map<String, Long> increment(Map<String, Long> counts, String key) {
        Map<String, Long> copy = new HashMap<>(counts);
        if (key != null) {
            copy.merge(key, 1L, Long::sum);
        }
        return copy;
    }
}
