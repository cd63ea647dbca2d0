package io.tunestream.launcher.chaos;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.Evaluation;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.ModelVersion;
import io.tunestream.schemas.Topics;
import io.tunestream.security.Roles;

/**
 * The model side of a chaos round: a short LoRA job submitted to trainer-service over REST, and what the trainer,
 * the evaluator and the registry then publish for it (checkpoints, job statuses, the evaluation, the model version).
 */
final class ModelWork {

    /** The registry model every chaos job registers under. */
    static final String MODEL = "chaos-model";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ChaosContext ctx;

    ModelWork(ChaosContext ctx) {
        this.ctx = ctx;
    }

    /** Submits a LoRA job of {@link #MODEL} on the prepared {@code datasetId@version}; null when accepted. */
    String submit(String jobId, String datasetId, String version, int steps) throws IOException, InterruptedException {
        return submit(jobId, MODEL, datasetId, version, steps);
    }

    /** Submits a LoRA job of {@code model}; null when accepted, else the trainer's refusal. */
    String submit(String jobId, String model, String datasetId, String version, int steps)
            throws IOException, InterruptedException {
        int every = Math.max(1, steps / 3);
        String body = "{\"jobId\":\"" + jobId + "\",\"modelName\":\"" + model + "\",\"datasetId\":\"" + datasetId
                + "\",\"datasetVersion\":\"" + version + "\",\"method\":{\"type\":\"LORA\",\"loraRank\":4,\"loraAlpha\":8},"
                + "\"hyperParameters\":{\"maxSteps\":" + steps + ",\"batchSize\":8,\"maxSequenceLength\":32,"
                + "\"evalEverySteps\":" + every + ",\"learningRate\":0.002,\"warmupSteps\":1},\"seed\":7}";
        HttpRequest.Builder request = HttpRequest.newBuilder(ctx.trainer().resolve("/jobs"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        ctx.tokens().of(Roles.TRAINER).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 202 ? null : "trainer answered HTTP " + answer.statusCode() + ": " + answer.body();
    }

    /** The job's checkpoints (first chunks only) once {@code until} holds or the timeout passes. */
    List<Checkpoint> checkpoints(String jobId, boolean finalOnly, Duration timeout) throws InterruptedException {
        return ctx.probe().await(Topics.name(null, Topics.TRAINING_CHECKPOINTS), Checkpoint.class,
                c -> jobId.equals(c.getJobId()) && c.getChunkIndex() == 0,
                l -> l.stream().anyMatch(c -> !finalOnly || c.getIsFinal()), timeout);
    }

    /** The job's statuses once one is terminal (SUCCEEDED, FAILED, CANCELLED) or the timeout passes. */
    List<JobStatus> statuses(String jobId, Duration timeout) throws InterruptedException {
        return ctx.probe().await(Topics.name(null, Topics.TRAINING_JOBS), JobStatus.class,
                s -> jobId.equals(s.getJobId()), l -> l.stream().anyMatch(ModelWork::terminal), timeout);
    }

    /** The evaluations of the job once there is one, or the timeout passes. */
    List<Evaluation> evaluations(String jobId, Duration timeout) throws InterruptedException {
        return ctx.probe().await(Topics.name(null, Topics.EVALUATIONS), Evaluation.class,
                e -> jobId.equals(e.getJobId()), l -> !l.isEmpty(), timeout);
    }

    /** The distinct model versions registered from the job once there is one, or the timeout passes. */
    List<Integer> versions(String jobId, Duration timeout) throws InterruptedException {
        return ctx.probe().await(Topics.name(null, Topics.MODELS), ModelVersion.class,
                v -> v.getLineage() != null && Objects.equals(v.getLineage().getJobId(), jobId),
                l -> !l.isEmpty(), timeout).stream().map(v -> (int) v.getVersion()).distinct().toList();
    }

    static boolean terminal(JobStatus s) {
        return s.getState() == JobState.SUCCEEDED || s.getState() == JobState.FAILED
                || s.getState() == JobState.CANCELLED;
    }
}
