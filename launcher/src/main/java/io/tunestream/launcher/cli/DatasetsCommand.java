package io.tunestream.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tunestream datasets}: the dataset versions sealed at ingest (the compacted catalog topic) and, for each, what
 * every data stage reported so far (records in and out, drops, or a rejection), as one table.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = {"List published dataset versions and how far each got through the data stages.",
                "STAGES shows records out per stage that sealed the version (ingest > clean > split > augment), and "
                        + "recipe REJECTED when the recipe it names cannot train it (NOTE says why)."})
public final class DatasetsCommand extends CliCommand {

    /** The data stages in order, then the trainer's recipe trigger (a report only when it refused the version). */
    private static final List<String> STAGE_ORDER = List.of("ingest", "clean", "split", "augment", "recipe");

    @Option(names = "--dataset", paramLabel = "ID", description = "Only this dataset.")
    String datasetId;

    @Mixin
    Connection connection;

    @Mixin
    OutputFormat output;

    @Override
    int execute() {
        Map<String, DatasetSeal> catalog = new TreeMap<>();
        Map<String, Map<String, StageReport>> reports = new TreeMap<>();
        read(catalog, reports);
        TextTable table = new TextTable("DATASET", "VERSION", "TASK", "RECORDS", "LABELS", "STAGES", "NOTE");
        for (Map.Entry<String, DatasetSeal> e : catalog.entrySet()) {
            Map<String, StageReport> stages = reports.getOrDefault(e.getKey(), Map.of());
            if (output.json()) {
                OutputFormat.line(out(), json(e.getKey(), e.getValue(), stages));
                continue;
            }
            table.row(DatasetKeys.datasetId(e.getKey()), DatasetKeys.version(e.getKey()), task(e.getValue()),
                    e.getValue().getRecordCount(),
                    labels(e.getValue().getLabelCounts()), stages(stages), note(stages));
        }
        if (output.json()) {
            return 0;
        }
        if (table.isEmpty()) {
            out().println(datasetId == null ? "no datasets published yet (publish one with `tunestream publish`)"
                    : "no versions of dataset " + datasetId);
            return 0;
        }
        out().print(table.render());
        return 0;
    }

    private void read(Map<String, DatasetSeal> catalog, Map<String, Map<String, StageReport>> reports) {
        String catalogTopic = connection.topic(Topics.DATASETS_CATALOG);
        String reportsTopic = connection.topic(Topics.DATASETS_REPORTS);
        EventDeserializer<DatasetEvent> events = new EventDeserializer<>(DatasetEvent.class);
        EventDeserializer<StageReport> stageReports = new EventDeserializer<>(StageReport.class);
        try (TopicReader reader = new TopicReader(connection.kafka())) {
            for (ConsumerRecord<String, byte[]> r : reader.snapshot(List.of(catalogTopic, reportsTopic))) {
                if (r.key() == null || r.value() == null || !wanted(r.key())) {
                    continue;
                }
                try {
                    if (r.topic().equals(catalogTopic)) {
                        if (events.deserialize(r.topic(), r.value()).getBody() instanceof DatasetSeal seal) {
                            catalog.put(r.key(), seal);
                        }
                    } else {
                        StageReport report = stageReports.deserialize(r.topic(), r.value());
                        reports.computeIfAbsent(r.key(), k -> new LinkedHashMap<>()).put(report.getStage(), report);
                    }
                } catch (EventDecodingException e) {
                    // written with a schema this CLI does not know: not shown
                }
            }
        }
    }

    private boolean wanted(String key) {
        try {
            return datasetId == null || DatasetKeys.datasetId(key).equals(datasetId);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode json(String key, DatasetSeal seal,
                                                               Map<String, StageReport> stages) {
        var version = OutputFormat.object().put("datasetId", DatasetKeys.datasetId(key))
                .put("version", DatasetKeys.version(key)).put("task", task(seal)).put("records", seal.getRecordCount());
        var labels = version.putObject("labels");
        new TreeMap<>(seal.getLabelCounts()).forEach(labels::put);
        var byStage = version.putObject("stages");
        for (String stage : STAGE_ORDER) {
            StageReport r = stages.get(stage);
            if (r != null) {
                var s = byStage.putObject(stage).put("status", r.getStatus().name()).put("recordsIn", r.getRecordsIn())
                        .put("recordsOut", r.getRecordsOut()).put("message", r.getMessage());
                var dropped = s.putObject("dropped");
                new TreeMap<>(r.getDropped()).forEach(dropped::put);
            }
        }
        return version.put("note", note(stages));
    }

    /** The task the seal declares (ingest writes it; versions sealed before it did are classification). */
    private static String task(DatasetSeal seal) {
        return seal.getConfig().getOrDefault("task", "classification");
    }

    private static String labels(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(counts).forEach((label, n) -> parts.add(label + "=" + n));
        return parts.isEmpty() ? "-" : String.join(",", parts);
    }

    static String stages(Map<String, StageReport> stages) {
        List<String> parts = new ArrayList<>();
        for (String stage : STAGE_ORDER) {
            StageReport r = stages.get(stage);
            if (r != null) {
                parts.add(stage + " " + (r.getStatus() == StageStatus.REJECTED ? "REJECTED" : r.getRecordsOut()));
            }
        }
        return parts.isEmpty() ? "-" : String.join(" > ", parts);
    }

    static String note(Map<String, StageReport> stages) {
        for (String stage : STAGE_ORDER) {
            StageReport r = stages.get(stage);
            if (r != null && r.getStatus() == StageStatus.REJECTED) {
                return stage + ": " + r.getMessage();
            }
        }
        if (stages.containsKey("augment")) {
            return "prepared";
        }
        long dropped = stages.values().stream().flatMap(r -> r.getDropped().values().stream()).mapToLong(Long::longValue).sum();
        return dropped > 0 ? dropped + " dropped" : "";
    }
}
