package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.JobStatus;
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
import java.nio.file.Path;
import java.time.Duration;
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
 * A trainer worker killed mid-job (SIGKILL, as a crashed node) is replaced; the replacement takes the job over from
 * the consumer group and resumes it from its last checkpoint (weights, optimizer state, schedule position, data
 * position, RNG), ending with the result of an uninterrupted run of the same request, and with every checkpoint
 * event published exactly once.
 * Slow suite (since the fault drill joined the default run): `ChaosEndToEndTest`'s kill-trainer fault resumes a
 * SIGKILLed job in the default run, and ResumeTest / TakeoverTest prove the resumed weights equal an uninterrupted run's;
 * this test adds the byte-identical check across real processes.
 */
@Tag("slow")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class TrainerKillResumeEndToEndTest {

    private static final String SETTINGS = "\"method\":{\"type\":\"LORA\",\"loraRank\":8,\"loraAlpha\":16},"
            + "\"hyperParameters\":{\"maxSteps\":24,\"batchSize\":8,\"maxSequenceLength\":32,\"evalEverySteps\":6,"
            + "\"learningRate\":0.002,\"warmupSteps\":2},\"seed\":7";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StackTokens tokens = StackTokens.generate();

    @Test
    void shouldResumeFromLastCheckpointAndEndAsUninterruptedRunWhenWorkerIsKilledMidJob(@TempDir Path work)
            throws Exception {
        // Given one trainer worker (6 s group session timeout) and a prepared SpamAssassin dataset
        List<ServiceSpec> services = StackServices.discover(Path.of(".."), List.of("trainer-service"), work, tokens,
                m -> { }).stream().map(s -> s.withEnv(Map.of("TUNESTREAM_TRAINER_SESSION_TIMEOUT", "6s",
                        "TUNESTREAM_TRAINER_METRICS_EVERY_STEPS", "3"))).toList();
        assertThat(services).as("build trainer-service first").hasSize(1);
        // PLAINTEXT broker: the test writes a stage's topic itself, standing in for that stage (SecuredBrokerTest
        // and the demo cover the SASL stack)
        try (EmbeddedStack stack = EmbeddedStack.start(new StackSettings(BrokerMode.IN_PROCESS, BrokerSettings.defaults(),
                StackTopics.defaults(), services, work.resolve("logs"), Duration.ofMinutes(3)).withSecureKafka(false),
                new PrintStream(PrintStream.nullOutputStream()))) {
            Explained.run(stack, () -> {
                URI trainer = services.get(0).readinessUrl().resolve("/");
                String dataset = "resume-" + UUID.randomUUID().toString().substring(0, 6);
                PreparedDatasets.publish(stack.bootstrapServers(), dataset, "1", PreparedDatasets.spamAssassin(40), Map.of());
                String killed = "killed-" + UUID.randomUUID().toString().substring(0, 6);
                String uninterrupted = "whole-" + UUID.randomUUID().toString().substring(0, 6);
                // When the worker is killed once the checkpoint of step 12 is out, and started again
                submit(trainer, killed, dataset);
                checkpoints(stack, killed, l -> l.stream().anyMatch(c -> c.getCheckpointId().equals(killed + "-step-12")),
                        Duration.ofMinutes(4));
                stack.kill("trainer-service");
                stack.restart("trainer-service", Duration.ofMinutes(3));
                List<Checkpoint> resumed = checkpoints(stack, killed, l -> l.stream().anyMatch(Checkpoint::getIsFinal),
                        Duration.ofMinutes(4));
                // and the same request runs uninterrupted under another job id
                submit(trainer, uninterrupted, dataset);
                List<Checkpoint> whole = checkpoints(stack, uninterrupted, l -> l.stream().anyMatch(Checkpoint::getIsFinal),
                        Duration.ofMinutes(4));
                // Then every checkpoint was published once, in order, and the result is the uninterrupted run's
                List<String> ids = resumed.stream().filter(c -> c.getChunkIndex() == 0).map(Checkpoint::getCheckpointId)
                        .toList();
                assertThat(ids).containsExactly(killed + "-step-6", killed + "-step-12", killed + "-step-18",
                        killed + "-step-24", killed + "-final");
                Checkpoint a = resumed.get(resumed.size() - 1);
                Checkpoint b = whole.get(whole.size() - 1);
                System.out.printf("RESUMED final %s sha %s%nWHOLE   final %s sha %s%n", a.getMetrics(), a.getSha256(),
                        b.getMetrics(), b.getSha256());
                for (String metric : List.of("val_loss", "accuracy", "f1_macro")) {
                    assertThat(a.getMetrics().get(metric)).as(metric).isCloseTo(b.getMetrics().get(metric),
                            org.assertj.core.data.Offset.offset(1e-3));
                }
                List<JobStatus> statuses = statuses(stack, killed);
                assertThat(statuses).anyMatch(s -> s.getMessage() != null && s.getMessage().startsWith("resumed from"));
                assertThat(statuses.get(statuses.size() - 1).getState().name()).isEqualTo("SUCCEEDED");
            });
        }
    }

    private void submit(URI trainer, String jobId, String dataset) throws Exception {
        String body = "{\"jobId\":\"" + jobId + "\",\"modelName\":\"resume-test\",\"datasetId\":\"" + dataset
                + "\",\"datasetVersion\":\"1\"," + SETTINGS + "}";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(trainer.resolve("/jobs"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.of(Roles.TRAINER).orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    private static List<Checkpoint> checkpoints(EmbeddedStack stack, String jobId, Predicate<List<Checkpoint>> until,
            Duration timeout) {
        return TopicEvents.read(stack, Topics.TRAINING_CHECKPOINTS, Checkpoint.class, jobId, until, timeout);
    }

    private static List<JobStatus> statuses(EmbeddedStack stack, String jobId) {
        return TopicEvents.read(stack, Topics.TRAINING_JOBS, JobStatus.class, jobId, l -> false, Duration.ofSeconds(5));
    }
}
