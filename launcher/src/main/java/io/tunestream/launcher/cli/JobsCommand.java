package io.tunestream.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.tunestream.events.JobStatus;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.EventDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tunestream jobs}: every training job's latest status, read from the compacted jobs topic. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List training jobs and their latest status (from the compacted jobs topic).")
public final class JobsCommand extends CliCommand {

    @Option(names = "--state", paramLabel = "STATE", description = "Only jobs in this state, e.g. RUNNING or FAILED.")
    String state;

    @Mixin
    Connection connection;

    @Mixin
    OutputFormat output;

    @Override
    int execute() {
        String topic = connection.topic(Topics.TRAINING_JOBS);
        EventDeserializer<JobStatus> statuses = new EventDeserializer<>(JobStatus.class);
        TextTable table = new TextTable("JOB", "STATE", "STEP", "MODEL", "DATASET", "UPDATED", "MESSAGE");
        try (TopicReader reader = new TopicReader(connection.kafka())) {
            for (Map.Entry<String, byte[]> e : reader.latestByKey(topic).entrySet()) {
                JobStatus s;
                try {
                    s = statuses.deserialize(topic, e.getValue());
                } catch (EventDecodingException ex) {
                    continue;
                }
                if (state != null && !s.getState().name().equalsIgnoreCase(state)) {
                    continue;
                }
                if (output.json()) {
                    OutputFormat.line(out(), json(s));
                } else {
                    table.row(s.getJobId(), s.getState(), s.getStep() + "/" + s.getTotalSteps(), s.getModelName(),
                            s.getDatasetId() + (s.getDatasetVersion() == null ? "" : "@" + s.getDatasetVersion()),
                            updated(s.getUpdatedAt()), s.getMessage());
                }
            }
        }
        if (output.json()) {
            return 0;
        }
        if (table.isEmpty()) {
            out().println(state == null ? "no training jobs yet (start one with `tunestream train`)"
                    : "no " + state + " jobs");
        } else {
            out().print(table.render());
        }
        return 0;
    }

    private static JsonNode json(JobStatus s) {
        var job = OutputFormat.object().put("jobId", s.getJobId()).put("state", s.getState().name())
                .put("step", s.getStep()).put("totalSteps", s.getTotalSteps()).put("progress", s.getProgress())
                .put("modelName", s.getModelName()).put("datasetId", s.getDatasetId())
                .put("datasetVersion", s.getDatasetVersion()).put("workerId", s.getWorkerId())
                .put("lastCheckpointId", s.getLastCheckpointId()).put("message", s.getMessage());
        return job.put("updatedAt", s.getUpdatedAt() == null ? null : s.getUpdatedAt().toString());
    }

    private static String updated(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
