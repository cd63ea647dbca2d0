package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.Split;
import io.tunestream.events.TrainingRequest;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.launcher.cli.StackTokens;
import io.tunestream.schemas.Topics;
import io.tunestream.security.Roles;
import io.tunestream.testsupport.PreparedDatasets;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hyper-parameter sweep on the real services: 8 LoRA trials on SpamAssassin (a grid of learning rates, largest
 * first, so that the best trial is among the first to end), two
 * trainer workers, ASHA on validation loss. The worker that runs the sweep's controller is killed mid-sweep and
 * restarted: the controller rebuilds the sweep from its topic and finishes it; no trial is launched twice; ASHA
 * stops the worse trials early (fewer steps than all trials to the end); the evaluator evaluates only the best
 * trial, which the registry registers, even though the evaluator is killed once most trials have ended and started
 * again only after the sweep succeeded (it rebuilds a best trial's checkpoint it had consumed from the log). Tagged slow (about 3.5 minutes here): run it with
 * {@code ./mvnw -pl launcher test -Dtest=SweepEndToEndTest -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class SweepEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StackTokens tokens = StackTokens.generate();

    @Test
    void shouldStopWorseTrialsEarlyAndRegisterTheBestWhenControllerIsKilledMidSweep(@TempDir Path work)
            throws Exception {
        // Given trainer-a (worker + sweep controller), trainer-b (worker only), evaluator and registry
        List<ServiceSpec> found = StackServices.discover(Path.of(".."), List.of("trainer-service", "evaluator-service",
                "registry-service"), work, tokens, m -> { });
        assertThat(found).as("build the services first").hasSize(3);
        ServiceSpec trainer = found.get(0);
        Path jar = Path.of(trainer.command().get(trainer.command().size() - 1));
        Map<String, String> trainerEnv = Map.of("TUNESTREAM_TRAINER_SESSION_TIMEOUT", "6s",
                "TUNESTREAM_TRAINER_ARTIFACT_DIR", work.resolve("artifacts").toString());
        ServiceSpec a = new ServiceSpec("trainer-a", trainer.command(), trainer.env(), trainer.readinessUrl())
                .withEnv(trainerEnv);
        ServiceSpec b = ServiceSpec.quarkusJar("trainer-b", jar, io.tunestream.kafka.embedded.FreePort.pick(), "1g")
                .withEnv(trainerEnv).withEnv(Map.of("TUNESTREAM_TRAINER_SWEEPS_ENABLED", "false"))
                .withEnv(tokens.environment());
        List<ServiceSpec> services = List.of(a, b, found.get(1), found.get(2));
        // PLAINTEXT broker: the test writes a stage's topic itself, standing in for that stage (SecuredBrokerTest
        // and the demo cover the SASL stack)
        try (EmbeddedStack stack = EmbeddedStack.start(new StackSettings(BrokerMode.IN_PROCESS, BrokerSettings.defaults(),
                StackTopics.defaults(), services, work.resolve("logs"), Duration.ofMinutes(3)).withSecureKafka(false),
                new PrintStream(PrintStream.nullOutputStream()))) {
            String dataset = "sweep-" + UUID.randomUUID().toString().substring(0, 6);
            PreparedDatasets.publish(stack.bootstrapServers(), dataset, "1", PreparedDatasets.spamAssassin(30,
                    i -> i % 5 == 0 ? Split.VALIDATION : i % 5 == 1 ? Split.TEST : Split.TRAIN), Map.of());
            URI rest = a.readinessUrl().resolve("/");
            String sweepId = "sweep-" + UUID.randomUUID().toString().substring(0, 6);
            String model = "swept-" + UUID.randomUUID().toString().substring(0, 6);
            // When a sweep of 8 trials (2 at once) starts
            HttpResponse<String> started = post(rest.resolve("/sweeps"), "{\"sweepId\":\"" + sweepId + "\",\"base\":{"
                    + "\"modelName\":\"" + model + "\",\"datasetId\":\"" + dataset + "\",\"datasetVersion\":\"1\","
                    + "\"method\":{\"type\":\"LORA\",\"loraRank\":8,\"loraAlpha\":16},\"hyperParameters\":{\"maxSteps\":8,"
                    + "\"batchSize\":8,\"maxSequenceLength\":32,\"evalEverySteps\":2,\"warmupSteps\":1},\"seed\":7},"
                    + "\"algorithm\":\"GRID\",\"space\":[{\"name\":\"learningRate\",\"kind\":\"GRID\",\"values\":"
                    + "[\"0.01\",\"0.005\",\"0.002\",\"0.001\",\"0.0005\",\"0.0002\",\"0.0001\",\"0.00005\"]}],"
                    + "\"numTrials\":8,\"maxConcurrentTrials\":2,\"metric\":\"val_loss\",\"mode\":\"MIN\","
                    + "\"scheduler\":{\"kind\":\"ASHA\",\"reductionFactor\":2,\"gracePeriod\":1,\"maxResource\":4}}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            // and the controller's JVM is killed once three trials are out, then started again
            awaitSweep(rest, sweepId, s -> s.path("trials").size() >= 3, Duration.ofMinutes(10));
            stack.kill("trainer-a");
            stack.restart("trainer-a", Duration.ofMinutes(3));
            // and the evaluator's JVM is killed once six trials have ended (their final checkpoints consumed and
            // forgotten with it), and started again only after the sweep has succeeded
            awaitSweep(rest, sweepId, s -> ended(s) >= 6, Duration.ofMinutes(15));
            String evaluator = found.get(1).name();
            stack.kill(evaluator);
            JsonNode done = awaitSweep(rest, sweepId, s -> s.path("status").asText().equals("SUCCEEDED"), Duration.ofMinutes(15));
            stack.restart(evaluator, Duration.ofMinutes(3));
            // Then every trial ended; ASHA stopped some; the best is named
            System.out.println("SWEEP " + done.toPrettyString());
            List<String> statuses = new ArrayList<>();
            done.path("trials").forEach(t -> statuses.add(t.path("status").asText()));
            assertThat(statuses).hasSize(8).allMatch(s -> s.equals("COMPLETED") || s.equals("STOPPED"));
            assertThat(statuses).contains("STOPPED", "COMPLETED");
            String best = done.path("bestTrialId").asText();
            String bestJob = sweepId + "-" + best;
            // and each trial was launched once
            List<TrainingRequest> requests = TopicEvents.read(stack, Topics.TRAINING_REQUESTS, TrainingRequest.class,
                    null, l -> false, Duration.ofSeconds(5));
            Map<String, Integer> launches = new HashMap<>();
            requests.stream().filter(r -> sweepId.equals(r.getSweepId())).forEach(r -> launches.merge(r.getJobId(), 1, Integer::sum));
            assertThat(launches).hasSize(8).allSatisfy((job, n) -> assertThat(n).as(job).isEqualTo(1));
            // and fewer steps were trained than all trials to the end
            Map<String, JobStatus> last = new HashMap<>();
            TopicEvents.read(stack, Topics.TRAINING_JOBS, JobStatus.class, null, l -> false, Duration.ofSeconds(5))
                    .stream().filter(s -> s.getJobId().startsWith(sweepId)).forEach(s -> last.put(s.getJobId(), s));
            long steps = last.values().stream().mapToLong(JobStatus::getStep).sum();
            System.out.printf("SWEEP steps trained %d of %d (all trials to the end); best %s%n", steps, 8 * 8, best);
            assertThat(steps).isLessThan(8 * 8);
            assertThat(last.get(bestJob).getState()).isEqualTo(JobState.SUCCEEDED);
            // and the best trial, and only it, is registered
            URI registry = found.get(2).readinessUrl().resolve("/");
            JsonNode versions = awaitJson(registry.resolve("/api/models/" + model + "/versions"), v -> v.size() >= 1,
                    Duration.ofMinutes(4));
            assertThat(versions).hasSize(1);
            assertThat(versions.get(0).path("lineage").path("jobId").asText()).isEqualTo(bestJob);
            // (whether the best trial had ended before the evaluator was killed, so that its restart had to rebuild
            // the checkpoint from the log, depends on the run: say which)
            boolean rebuilt;
            try (var logs = Files.list(work.resolve("logs"))) {
                rebuilt = logs.filter(f -> f.getFileName().toString().startsWith(evaluator + "-restarted"))
                        .anyMatch(f -> readQuietly(f).contains("reassembled from the log"));
            }
            System.out.println("SWEEP best trial's checkpoint reassembled from the log after the evaluator's restart: "
                    + rebuilt);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static long ended(JsonNode sweep) {
        long n = 0;
        for (JsonNode trial : sweep.path("trials")) {
            String status = trial.path("status").asText();
            n += status.equals("COMPLETED") || status.equals("STOPPED") ? 1 : 0;
        }
        return n;
    }

    private JsonNode awaitSweep(URI rest, String sweepId, Predicate<JsonNode> until, Duration timeout)
            throws Exception {
        return awaitJson(rest.resolve("/sweeps/" + sweepId), until, timeout);
    }

    /** Waits (Awaitility) until a JSON resource answers 200 with a body that satisfies {@code until}. */
    private JsonNode awaitJson(URI uri, Predicate<JsonNode> until, Duration timeout) {
        return org.awaitility.Awaitility.await("GET " + uri).atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(java.io.IOException.class)
                .until(() -> fetch(uri), json -> json != null && until.test(json));
    }

    private JsonNode fetch(URI uri) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + tokens.of(Roles.READER).orElseThrow()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
    }

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.of(Roles.TRAINER).orElseThrow()).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
