package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.launcher.BrokerMode;
import io.tunestream.launcher.EmbeddedStack;
import io.tunestream.launcher.ServiceSpec;
import io.tunestream.launcher.StackSettings;
import io.tunestream.launcher.StackTopics;
import io.tunestream.kafka.embedded.FreePort;
import io.tunestream.security.Roles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real embedded stack (in-process KRaft broker; ingest, registry and trainer as child JVMs, the
 * evaluator too when its jar is built), found through a stack file as `tunestream up` writes it.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class CliAgainstStackTest {

    private static final StackTokens TOKENS = StackTokens.generate();
    private static EmbeddedStack stack;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.junit.jupiter.api.extension.TestExecutionExceptionHandler EXPLAINED =
            io.tunestream.launcher.Explained.by(() -> stack);
    private static Path stackFile;
    private static Path tokenlessStackFile;
    private static Path work;
    private static String trainerUrl;

    @BeforeAll
    static void startStack(@TempDir Path dir) throws Exception {
        work = dir;
        List<ServiceSpec> services = new ArrayList<>();
        services.add(service("ingest-service", Map.of()));
        services.add(service("registry-service", Map.of()));
        // a dataset that is never prepared fails the job after this wait, without the data stages running
        // a model root with a directory the trainer must refuse (only pytorch_model.bin), for `models --base`
        Path models = Files.createDirectories(dir.resolve("models/old-distilbert"));
        Files.writeString(models.resolve("config.json"), "{\"model_type\": \"distilbert\", \"vocab_size\": 8, "
                + "\"dim\": 8, \"n_layers\": 1, \"n_heads\": 2, \"hidden_dim\": 16, \"max_position_embeddings\": 8}");
        Files.write(models.resolve("pytorch_model.bin"), new byte[] {0x50, 0x4b, 3, 4});
        services.add(service("trainer-service", Map.of("TUNESTREAM_TRAINER_DATASET_WAIT_TIMEOUT", "3s",
                "TUNESTREAM_MODELS_ROOTS", dir.resolve("models").toString())));
        if (jar("evaluator-service") != null) {
            services.add(service("evaluator-service", Map.of()));
        }
        stack = EmbeddedStack.start(new StackSettings(BrokerMode.IN_PROCESS, BrokerSettings.defaults(), StackTopics.defaults(),
                services, dir.resolve("logs"), Duration.ofMinutes(3)), new PrintStream(PrintStream.nullOutputStream()));
        Map<String, String> urls = new LinkedHashMap<>();
        stack.components().stream().filter(c -> !c.name().equals("kafka")).forEach(c -> urls.put(c.name(), "http://" + c.address()));
        trainerUrl = urls.get("trainer-service");
        stackFile = dir.resolve("stack.json");
        new StackFile(stack.bootstrapServers(), urls, "tunestream.", ProcessHandle.current().pid(), stack.childPids(),
                Instant.now().toString(), TOKENS.byRole(), stack.cliConnection().security()).write(stackFile);
        // the same stack, recorded without its tokens (a stack file of an older launcher, or of another stack)
        tokenlessStackFile = dir.resolve("tokenless-stack.json");
        new StackFile(stack.bootstrapServers(), urls, "tunestream.", ProcessHandle.current().pid(), stack.childPids(),
                Instant.now().toString(), null, stack.cliConnection().security()).write(tokenlessStackFile);
    }

    private static Path jar(String module) {
        Path jar = Path.of("..", module, "target/quarkus-app/quarkus-run.jar");
        return Files.isRegularFile(jar) ? jar : null;
    }

    private static ServiceSpec service(String module, Map<String, String> env) {
        Path jar = jar(module);
        assertThat(jar).as(module + " must be built first (./mvnw verify from the root builds it)").isNotNull();
        ServiceSpec spec = ServiceSpec.quarkusJar(module, jar, FreePort.pick());
        Map<String, String> all = new HashMap<>(spec.env());
        all.putAll(TOKENS.environment());
        all.putAll(env);
        return new ServiceSpec(spec.name(), spec.command(), all, spec.readinessUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static CliRun cli(String... args) {
        return CliRun.of(CliRun.with(args, "--stack-file", stackFile.toString()));
    }

    /** The command typed in {@code callerDir}, with {@code stdin} piped in. */
    private static CliRun cliIn(Path callerDir, String stdin, String... args) {
        return CliRun.in(callerDir, stdin, CliRun.with(args, "--stack-file", stackFile.toString()));
    }

    @Test
    void shouldPublishListAndRefuseRepublishWhenDatasetIsUploaded() throws Exception {
        // Given
        Path file = Files.writeString(work.resolve("tiny.jsonl"), """
                {"text": "cheap pills now", "label": "spam"}
                {"text": "lunch at noon?", "label": "ham"}
                {"text": "win a free cruise", "label": "spam"}
                """);

        // When: typed in the file's directory, with a relative path
        CliRun first = cliIn(work, null, "publish", "tiny.jsonl", "--dataset", "cli-tiny", "--version", "1");
        CliRun again = cli("publish", file.toString(), "--dataset", "cli-tiny", "--version", "1");

        // Then
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("published cli-tiny@1: 3 records accepted", "spam", "2");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("error: Dataset version already exists");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun datasets = cli("datasets", "--dataset", "cli-tiny");
            assertThat(datasets.exitCode()).as(datasets.toString()).isZero();
            assertThat(datasets.out()).contains("DATASET", "cli-tiny", "ham=1,spam=2", "ingest 3");
        });
        CliRun json = cli("datasets", "--dataset", "cli-tiny", "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(jsonLines(json.out())).singleElement().satisfies(version -> {
            assertThat(version.path("version").asText()).isEqualTo("1");
            assertThat(version.path("labels").path("spam").asLong()).isEqualTo(2);
            assertThat(version.path("stages").path("ingest").path("recordsOut").asLong()).isEqualTo(3);
        });
    }

    @Test
    void shouldReportFailedJobWhenDatasetIsNeverPrepared() {
        // When
        CliRun train = cli("train", "--dataset", "cli-never@1", "--method", "lora", "--max-steps", "2",
                "--job-id", "cli-job-1", "--wait", "--timeout", "120");

        // Then
        assertThat(train.exitCode()).as(train.toString()).isEqualTo(1);
        assertThat(train.out()).contains("submitted job cli-job-1");
        assertThat(train.err()).contains("error: job cli-job-1 FAILED");
        CliRun jobs = cli("jobs");
        assertThat(jobs.exitCode()).isZero();
        assertThat(jobs.out()).contains("cli-job-1", "FAILED", "cli-never@1");
        CliRun json = cli("jobs", "--output", "json", "--state", "FAILED");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(jsonLines(json.out())).anySatisfy(job -> {
            assertThat(job.path("jobId").asText()).isEqualTo("cli-job-1");
            assertThat(job.path("state").asText()).isEqualTo("FAILED");
            assertThat(job.path("datasetId").asText()).isEqualTo("cli-never");
        });
        CliRun watch = cli("watch", "cli-job-1", "--timeout", "30");
        assertThat(watch.exitCode()).isEqualTo(1);
        assertThat(watch.err()).contains("error: job cli-job-1 FAILED");
        // watch needs nothing but the trainer's URL and a reader token (its SSE endpoint): no stack file, no Kafka
        CliRun remote = CliRun.of("watch", "cli-job-1", "--timeout", "30", "--stack-file",
                work.resolve("no-stack.json").toString(), "--trainer-url", trainerUrl, "--token",
                TOKENS.of(Roles.READER).orElseThrow());
        assertThat(remote.exitCode()).as(remote.toString()).isEqualTo(1);
        assertThat(remote.err()).contains("error: job cli-job-1 FAILED");
        CliRun cancel = cli("cancel", "cli-job-1");
        assertThat(cancel.exitCode()).as(cancel.toString()).isEqualTo(1);
        assertThat(cancel.err()).contains("error: Job has ended", "FAILED");
    }

    @Test
    void shouldSayUnknownJobWhenCancellingOne() {
        CliRun cancel = cli("cancel", "no-such-job");

        assertThat(cancel.exitCode()).as(cancel.toString()).isEqualTo(1);
        assertThat(cancel.err()).contains("error: Unknown job", "no-such-job");
    }

    @Test
    void shouldPublishFromStandardInputWhenFileIsDash() {
        // When
        CliRun publish = cliIn(work, """
                {"text": "cheap pills now", "label": "spam"}
                {"text": "lunch at noon?", "label": "ham"}
                """, "publish", "-", "--format", "jsonl", "--dataset", "cli-stdin", "--version", "1");

        // Then
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        assertThat(publish.out()).contains("published cli-stdin@1: 2 records accepted");
    }

    @Test
    void shouldRefuseInvalidTrainingRequestWithTrainerProblem() {
        CliRun train = cli("train", "--dataset", "cli-never@1", "--method", "full", "--schedule", "zigzag");

        assertThat(train.exitCode()).as(train.toString()).isEqualTo(1);
        assertThat(train.err()).contains("error: Invalid training request", "schedule", "ZIGZAG");
    }

    @Test
    void shouldSayUnknownJobWhenWatchingOne() {
        CliRun watch = cli("watch", "no-such-job", "--timeout", "30");

        assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(1);
        assertThat(watch.err()).contains("unknown job no-such-job");
    }

    @Test
    void shouldListNoModelsWhenRegistryIsEmpty() {
        CliRun models = cli("models");

        assertThat(models.exitCode()).as(models.toString()).isZero();
        assertThat(models.out()).contains("no models registered yet");
        CliRun json = cli("models", "--output", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).as("an empty list is no line at all").isEmpty();
    }

    @Test
    void shouldListBundledBaseModelsAndWhatADirectoryNeedsWhenAskedForBaseModels() {
        // When
        CliRun table = cli("models", "--base");
        CliRun json = cli("models", "--base", "--output", "json");
        CliRun both = cli("models", "spam", "--base");
        // Then: both bundled encoders with language, pooling and size, the root's directory with why it is unusable
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("bundled:all-minilm-l6-v2", "English", "MEAN")
                .contains("bundled:bge-small-zh-v1.5", "Chinese", "CLS (normalized)")
                .contains("old-distilbert", "unusable: only pytorch_model.bin: convert it to model.safetensors")
                .contains("a Hugging Face directory under a model root must contain:", "tokenizer.json",
                        "roberta", "xlm-roberta", "distilbert");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        List<JsonNode> lines = jsonLines(json.out());
        assertThat(lines).extracting(l -> l.path("reference").asText())
                .containsExactly("bundled:all-minilm-l6-v2", "bundled:bge-small-zh-v1.5", "old-distilbert");
        assertThat(lines.get(1).path("sizeBytes").asLong()).as("the 95 MB ONNX export").isGreaterThan(90_000_000L);
        assertThat(lines.get(1).path("pooling").asText()).isEqualTo("CLS");
        assertThat(both.exitCode()).isEqualTo(CliException.USAGE);
        assertThat(both.err()).contains("models --base takes no model name");
    }

    /** Each line of {@code out} parsed as one JSON object. */
    private static List<com.fasterxml.jackson.databind.JsonNode> jsonLines(String out) {
        return out.lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return ServiceClient.JSON.readTree(l);
            } catch (java.io.IOException e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
    }

    @Test
    void shouldSayNotFoundWhenPromotingUnknownModelWithTheStackFilesToken() {
        CliRun promote = cli("promote", "no-such-model", "--version", "1");

        assertThat(promote.exitCode()).as(promote.toString()).isEqualTo(1);
        assertThat(promote.err()).startsWith("error: Not Found").contains("no-such-model");
    }

    @Test
    void shouldSayWhatIsWrongWhenTheTokenIsRefusedOrLacksTheRole() {
        // When
        CliRun unknown = cli("rollback", "no-such-model", "--token", "wrong");
        CliRun reader = cli("promote", "no-such-model", "--version", "1", "--token", TOKENS.of(Roles.READER).orElseThrow());
        CliRun none = CliRun.of("models", "--stack-file", tokenlessStackFile.toString());

        // Then
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("unauthorized (401) by registry-service: the token from --token was refused");
        assertThat(reader.exitCode()).isEqualTo(1);
        assertThat(reader.err()).contains("forbidden (403) by registry-service",
                "does not hold the role 'admin'", "needs the role admin");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("unauthorized (401) by registry-service: no API token: pass --token TOKEN or set "
                + "$TUNESTREAM_TOKEN");
    }

    @Test
    void shouldUseTheGivenTokenAgainstAnyClusterWhenPassedWithTokenFlag() {
        // Given a stack file that knows no token: like a cluster the CLI did not start
        String admin = TOKENS.of(Roles.ADMIN).orElseThrow();

        // When
        CliRun models = CliRun.of("models", "--stack-file", tokenlessStackFile.toString(), "--token", admin);
        CliRun promote = CliRun.of("promote", "no-such-model", "--version", "1", "--stack-file",
                tokenlessStackFile.toString(), "--token", admin);

        // Then
        assertThat(models.exitCode()).as(models.toString()).isZero();
        assertThat(models.out()).contains("no models registered yet");
        assertThat(promote.err()).startsWith("error: Not Found");
    }

    @Test
    void shouldSayNotFoundWhenScoringWithUnknownModel() throws Exception {
        assertThat(jar("evaluator-service")).as("evaluator-service jar (the reactor builds it before launcher)").isNotNull();
        Path texts = Files.writeString(work.resolve("texts.txt"), "hello there\n");

        CliRun score = cli("score", texts.toString(), "--model", "no-such-model@champion");
        CliRun piped = cliIn(work, "hello there\n", "score", "-", "--model", "no-such-model@champion");

        assertThat(score.exitCode()).as(score.toString()).isEqualTo(1);
        assertThat(score.err()).startsWith("error: Unknown model: ").contains("no-such-model@champion");
        assertThat(piped.exitCode()).as(piped.toString()).isEqualTo(1);
        assertThat(piped.err()).as("standard input was read and sent").startsWith("error: Unknown model: ");
    }

    @Test
    void shouldSayNotFoundWhenEvaluatingUnknownJob() {
        assertThat(jar("evaluator-service")).as("evaluator-service jar (the reactor builds it before launcher)").isNotNull();

        CliRun evaluate = cli("evaluate", "--job", "no-such-job", "--timeout", "30");

        assertThat(evaluate.exitCode()).as(evaluate.toString()).isEqualTo(1);
        assertThat(evaluate.err()).startsWith("error: Not found: ").contains("no-such-job");
    }
}
