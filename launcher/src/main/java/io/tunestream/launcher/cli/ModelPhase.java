package io.tunestream.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The second half of the main job, against a running stack: fine-tune on a prepared dataset version (a LoRA job
 * submitted to trainer-service and followed on a progress bar), wait for evaluator-service's evaluation of the
 * final checkpoint, then for registry-service's version (promoted to champion when blessed, if the registry's
 * policy says so). Each wait has a deadline and fails with what was last seen.
 */
public final class ModelPhase {

    /**
     * What to train.
     *
     * @param modelName registry model name
     * @param maxSteps optimizer steps
     * @param batchSize examples per step
     * @param maxLength tokens per text
     * @param learningRate peak learning rate
     * @param evalEvery validate every N steps
     * @param seed training seed
     * @param timeout deadline of each wait
     */
    public record Settings(String modelName, int maxSteps, int batchSize, int maxLength, double learningRate,
            int evalEvery, long seed, Duration timeout) {
    }

    /**
     * What came out.
     *
     * @param jobId the training job
     * @param job its final status
     * @param trainingSeconds wall time from submission to the job's end
     * @param evaluation the evaluator's view of the evaluation
     * @param version the registry's view of the version, if registered
     */
    public record Outcome(String jobId, JobStatus job, double trainingSeconds, JsonNode evaluation,
            Optional<JsonNode> version) {
    }

    private final Connection connection;
    private final PrintWriter out;
    private final boolean terminal;

    /**
     * @param connection where the stack is
     * @param out where progress goes
     * @param terminal whether {@code out} is a terminal (progress redrawn in place)
     */
    public ModelPhase(Connection connection, PrintWriter out, boolean terminal) {
        this.connection = connection;
        this.out = out;
        this.terminal = terminal;
    }

    /** @return the number of versions already registered under {@code modelName} (0 for a new model) */
    public int registeredVersions(String modelName) throws InterruptedException {
        ServiceClient registry = connection.client(Service.REGISTRY);
        ServiceClient.Answer answer = registry.get("/api/models/" + encode(modelName) + "/versions");
        return answer.status() == 404 ? 0 : registry.expectOk(answer).size();
    }

    /**
     * @return the job, its evaluation and its version
     * @throws CliException when the job fails, or a step does not finish in time
     */
    public Outcome run(String datasetId, String datasetVersion, Settings s) throws InterruptedException {
        String jobId = "demo-" + datasetId + "-" + datasetVersion + "-s" + s.seed();
        ServiceClient trainer = connection.client(Service.TRAINER);
        trainer.expectOk(trainer.postJson("/jobs", request(jobId, datasetId, datasetVersion, s)));
        return follow(jobId, s);
    }

    /**
     * Writes the next version of a training recipe with these settings (promotion: champion when blessed), so that
     * a dataset published naming it is trained by trainer-service's recipe trigger with no further call.
     *
     * @param recipe the recipe name
     * @return the version written
     */
    public int createRecipe(String recipe, Settings s) throws InterruptedException {
        Map<String, Object> body = request(null, null, null, s);
        body.keySet().removeAll(List.of("jobId", "datasetId", "datasetVersion", "requestedBy"));
        body.put("name", recipe);
        body.put("promotion", "champion");
        body.put("description", "tunestream demo");
        ServiceClient trainer = connection.client(Service.TRAINER);
        return trainer.expectOk(trainer.postJson("/recipes", body)).path("version").asInt();
    }

    /**
     * Follows a job (submitted by anyone, e.g. a recipe's trigger) to its end, then its evaluation and version.
     *
     * @return the job, its evaluation and its version
     * @throws CliException when the job fails, or a step does not finish in time
     */
    public Outcome follow(String jobId, Settings s) throws InterruptedException {
        long started = System.nanoTime();
        awaitJob(jobId, s.timeout());
        out.printf("training job %s: LoRA r=8 on the bundled MiniLM, %d steps of %d, seq %d, lr %s%n", jobId,
                s.maxSteps(), s.batchSize(), s.maxLength(), s.learningRate());
        out.flush();
        ProgressBar bar = new ProgressBar(out, terminal, "train");
        JobStatus job = new JobFollower(connection).follow(jobId, bar, s.timeout());
        double seconds = (System.nanoTime() - started) / 1e9;
        bar.finish(job.getState() + " at step " + job.getStep());
        if (job.getState() != JobState.SUCCEEDED) {
            throw new CliException("training job " + jobId + " ended " + job.getState() + ": " + job.getMessage());
        }
        JsonNode evaluation = awaitEvaluation("eval-" + jobId + "-final", s.timeout());
        Optional<JsonNode> version = awaitVersion(s.modelName(), evaluation, s.timeout());
        return new Outcome(jobId, job, seconds, evaluation, version);
    }

    /** Waits until the trainer knows the job (a recipe's trigger writes it just after the prepared seal). */
    private void awaitJob(String jobId, Duration timeout) throws InterruptedException {
        ServiceClient trainer = connection.client(Service.TRAINER);
        long deadline = System.nanoTime() + timeout.toNanos();
        ServiceClient.Answer answer = trainer.get("/jobs/" + encode(jobId));
        while (answer.status() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(500); // polling REST: the CLI has no push channel from the trainer
            answer = trainer.get("/jobs/" + encode(jobId));
        }
        trainer.expectOk(answer);
    }

    private static Map<String, Object> request(String jobId, String datasetId, String version, Settings s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        body.put("modelName", s.modelName());
        body.put("datasetId", datasetId);
        body.put("datasetVersion", version);
        body.put("seed", s.seed());
        body.put("requestedBy", "demo");
        body.put("method", Map.of("type", "LORA", "loraRank", 8, "loraAlpha", 16.0f));
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("maxSteps", s.maxSteps());
        h.put("batchSize", s.batchSize());
        h.put("maxSequenceLength", s.maxLength());
        h.put("learningRate", s.learningRate());
        h.put("evalEverySteps", s.evalEvery());
        h.put("warmupRatio", 0.1);
        body.put("hyperParameters", h);
        return body;
    }

    /**
     * Waits for the evaluator's verdict on a checkpoint (the final one of a job is {@code eval-<job>-final}).
     *
     * @throws CliException when it failed or did not finish in time
     */
    JsonNode awaitEvaluation(String evaluationId, Duration timeout) throws InterruptedException {
        ServiceClient evaluator = connection.client(Service.EVALUATOR);
        ProgressBar bar = new ProgressBar(out, terminal, "evaluate");
        long deadline = System.nanoTime() + timeout.toNanos();
        long polls = 0;
        String state = "not started";
        while (System.nanoTime() < deadline) {
            ServiceClient.Answer answer = evaluator.get("/api/evaluations/" + evaluationId);
            if (answer.ok()) {
                JsonNode e = answer.json();
                state = e.path("state").asText();
                if (state.equals("DONE")) {
                    bar.finish("scored " + e.path("testRecords").asLong() + " test records");
                    return e;
                }
                if (state.equals("FAILED")) {
                    throw new CliException("evaluation " + evaluationId + " failed: " + e.path("error").asText());
                }
            } else if (answer.status() != 404) {
                throw evaluator.failure(answer);
            }
            bar.update(++polls, 0, "scoring the test split of the final checkpoint (" + state + ")");
            Thread.sleep(1000); // the evaluator's REST view has no push channel
        }
        throw new CliException("evaluation " + evaluationId + " still " + state + " after " + timeout.toSeconds() + " s");
    }

    /**
     * Waits until the registry has registered the model version of an evaluation (and promoted it, when blessed).
     *
     * @return the version as the registry lists it, or empty when it did not appear in time
     */
    Optional<JsonNode> awaitVersion(String modelName, JsonNode evaluation, Duration timeout)
            throws InterruptedException {
        ServiceClient registry = connection.client(Service.REGISTRY);
        String evaluationId = evaluation.path("evaluationId").asText();
        boolean blessed = evaluation.path("blessed").asBoolean();
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode found = null;
        while (System.nanoTime() < deadline) {
            ServiceClient.Answer answer = registry.get("/api/models/" + encode(modelName) + "/versions");
            if (answer.ok()) {
                for (JsonNode v : answer.json()) {
                    if (evaluationId.equals(v.path("evaluationId").asText())) {
                        found = v;
                    }
                }
            }
            boolean champion = found != null && found.path("aliases").toString().contains("\"champion\"");
            if (found != null && (champion || !blessed)) {
                return Optional.of(found);
            }
            Thread.sleep(500); // registration and promotion are applied asynchronously from the evaluations topic
        }
        return Optional.ofNullable(found);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
