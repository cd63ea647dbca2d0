package io.tunestream.launcher.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.MetricKind;
import io.tunestream.events.TrainingMetric;
import io.tunestream.schemas.EpochFence;

/**
 * Follows one training job live through the trainer's {@code GET /jobs/{id}/metrics} Server-Sent Events, so that
 * only the trainer's URL is needed (no Kafka access): {@code status} and {@code metric} events shown on the same
 * progress bar as {@link JobFollower}'s, until the trainer ends the stream after the job ended. The trainer's view
 * is fenced by epoch already; the follower fences again, so a stream served by another replica never steps back.
 */
final class JobStreamFollower {

    private final ServiceClient trainer;

    JobStreamFollower(ServiceClient trainer) {
        this.trainer = trainer;
    }

    /** Follows {@code jobId}; returns its final status, or throws when unknown or still running at the deadline. */
    JobStatus follow(String jobId, ProgressBar bar, Duration timeout) throws InterruptedException {
        JobStatus[] status = {null};
        TrainingMetric[] metric = {null};
        EpochFence fence = new EpochFence();
        String unknown = "unknown job " + jobId + ": " + trainer.service() + " has no status for it (list jobs with "
                + "`tunestream jobs`)";
        boolean inTime = trainer.events("/jobs/" + ModelsCommand.encode(jobId) + "/metrics", timeout, unknown, event -> {
            switch (event.name()) {
                case "status" -> status[0] = JobFollower.current(status[0], status(json(event)), fence);
                case "metric" -> metric[0] = metric(json(event));
                default -> {
                    // an event this CLI does not know (a newer trainer): nothing to show
                }
            }
            if (status[0] != null) {
                JobFollower.show(bar, status[0], metric[0]);
            }
            return true;
        });
        if (!inTime) {
            throw new CliException("job " + jobId + " is still " + (status[0] == null ? "unknown" : status[0].getState())
                    + " after " + ProgressBar.format(timeout) + "; follow it with `tunestream watch " + jobId + "`");
        }
        if (status[0] == null || !JobFollower.ended(status[0].getState())) {
            throw new CliException(trainer.service() + " closed the metrics stream of job " + jobId + " while it is "
                    + (status[0] == null ? "unknown" : status[0].getState()) + "; follow it again with `tunestream watch "
                    + jobId + "`");
        }
        return status[0];
    }

    /** A job status from the trainer's JSON view of it. */
    static JobStatus status(JsonNode view) {
        return JobStatus.newBuilder().setJobId(view.path("jobId").asText())
                .setState(JobState.valueOf(view.path("state").asText())).setStep(view.path("step").asLong())
                .setTotalSteps(view.path("totalSteps").asLong()).setProgress(view.path("progress").asDouble())
                .setMessage(text(view, "message")).setWorkerId(text(view, "workerId"))
                .setModelName(text(view, "modelName")).setDatasetId(text(view, "datasetId"))
                .setDatasetVersion(text(view, "datasetVersion")).setLastCheckpointId(text(view, "lastCheckpointId"))
                .setEpoch(view.path("epoch").asLong(0)).setUpdatedAt(Instant.now()).build();
    }

    /** A metric point from the trainer's JSON view of it. */
    static TrainingMetric metric(JsonNode view) {
        Map<String, Double> valMetrics = new HashMap<>();
        view.path("valMetrics").fields().forEachRemaining(e -> valMetrics.put(e.getKey(), e.getValue().asDouble()));
        return TrainingMetric.newBuilder().setJobId(view.path("jobId").asText()).setStep(view.path("step").asLong())
                .setEpoch(view.path("epoch").asDouble()).setTrainLoss(number(view, "trainLoss"))
                .setValLoss(number(view, "valLoss")).setValMetrics(valMetrics)
                .setLearningRate(view.path("learningRate").asDouble()).setGradNorm(number(view, "gradNorm"))
                .setSamplesPerSecond(view.path("samplesPerSecond").asDouble())
                .setTokensPerSecond(view.path("tokensPerSecond").asDouble())
                .setMemoryBytes(view.path("memoryBytes").asLong())
                .setKind(view.hasNonNull("kind") ? MetricKind.valueOf(view.get("kind").asText()) : MetricKind.TRAIN)
                .setProducedAt(Instant.now()).build();
    }

    private static JsonNode json(ServiceClient.ServerSentEvent event) {
        try {
            return ServiceClient.JSON.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new CliException("the trainer sent a " + event.name() + " event that is not JSON: " + event.data());
        }
    }

    private static String text(JsonNode view, String field) {
        return view.hasNonNull(field) ? view.get(field).asText() : null;
    }

    private static Double number(JsonNode view, String field) {
        return view.hasNonNull(field) ? view.get(field).asDouble() : null;
    }
}
