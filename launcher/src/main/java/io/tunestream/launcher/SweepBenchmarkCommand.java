package io.tunestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.kafka.embedded.FreePort;
import io.tunestream.launcher.cli.StackTokens;
import io.tunestream.sampledata.CorpusFraction;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;
import io.tunestream.schemas.Topics;
import io.tunestream.security.Roles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tunestream bench-sweep}: the same hyper-parameter sweep (LoRA on a SpamAssassin subset prepared by the real
 * data stages, learning rate log-uniform, validation loss) run twice on two trainer workers: with ASHA early
 * stopping, and with every trial run to the end. Prints, for each, the training steps, the wall time and the best
 * validation loss reached.
 */
@Command(name = "bench-sweep", mixinStandardHelpOptions = true,
        description = "Benchmark a sweep with ASHA against the same sweep with every trial run to completion.")
final class SweepBenchmarkCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--trials", defaultValue = "8", description = "Trials per sweep (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--steps", defaultValue = "16", description = "Steps of a trial run to the end (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--fraction", defaultValue = "0.1", description = "Share of the corpus (default: ${DEFAULT-VALUE}).")
    double fraction;

    @Option(names = "--project-dir", defaultValue = ".", description = "Where the service modules are built.")
    Path projectDir;

    @Option(names = "--work-dir", defaultValue = ".tunestream/bench-sweep", description = "Logs and artifacts.")
    Path workDir;

    private final PrintStream out = System.out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StackTokens tokens = StackTokens.generate();

    @Override
    public Integer call() throws Exception {
        List<ServiceSpec> found = StackServices.discover(projectDir, List.of("ingest-service", "clean-service",
                "split-service", "augment-service", "trainer-service"), workDir, tokens, out::println);
        if (found.size() != 5) {
            out.println("build the services first: ./mvnw install -DskipTests");
            return 2;
        }
        ServiceSpec a = found.get(4);
        ServiceSpec b = ServiceSpec.quarkusJar("trainer-b", Path.of(a.command().get(a.command().size() - 1)),
                FreePort.pick(), "1g").withEnv(Map.of("TUNESTREAM_TRAINER_SWEEPS_ENABLED", "false",
                        "TUNESTREAM_TRAINER_ARTIFACT_DIR", workDir.toAbsolutePath().resolve("artifacts").toString()))
                .withEnv(tokens.environment());
        List<ServiceSpec> services = new ArrayList<>(found);
        services.add(b);
        try (EmbeddedStack stack = EmbeddedStack.start(new StackSettings(BrokerMode.PROCESS, BrokerSettings.defaults(),
                StackTopics.defaults(), services, workDir.resolve("logs"), Duration.ofMinutes(3)), out)) {
            String dataset = "bench-sweep";
            prepare(stack, found.get(0).readinessUrl().resolve("/"), dataset);
            URI trainer = a.readinessUrl().resolve("/");
            List<String> rows = new ArrayList<>();
            for (String scheduler : List.of("ASHA", "NONE")) {
                String id = "bench-" + scheduler.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 6);
                long start = System.nanoTime();
                post(trainer.resolve("/sweeps"), body(id, dataset, scheduler));
                JsonNode done = await(trainer.resolve("/sweeps/" + id), s -> s.path("status").asText().equals("SUCCEEDED")
                        || s.path("status").asText().equals("FAILED"), Duration.ofMinutes(60));
                double seconds = (System.nanoTime() - start) / 1e9;
                long trained = 0;
                double best = Double.NaN;
                for (JsonNode t : done.path("trials")) {
                    trained += await(trainer.resolve("/jobs/" + t.path("jobId").asText()), j -> true,
                            Duration.ofSeconds(30)).path("step").asLong();
                    if (t.path("trialId").asText().equals(done.path("bestTrialId").asText())) {
                        best = t.path("finalMetric").asDouble();
                    }
                }
                String row = String.format(Locale.ROOT, "%-5s %d trials: %4d training steps (all to the end: %d), "
                        + "%6.1f s wall, best validation loss %.4f (%s)", scheduler, trials, trained, trials * steps,
                        seconds, best, done.path("message").asText());
                out.println(row);
                rows.add(row);
            }
            out.println();
            rows.forEach(out::println);
        }
        return 0;
    }

    private void prepare(EmbeddedStack stack, URI ingest, String dataset) throws IOException, InterruptedException {
        Path jsonl = workDir.resolve("bench-sweep.jsonl");
        Files.createDirectories(workDir);
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(SpamAssassinCorpus.fetch())) {
            SpamAssassinAdapter.writeJsonl(records.filter(new CorpusFraction(fraction)),
                    jsonl);
        }
        DatasetUploader.Answer answer = new DatasetUploader(tokens.of(Roles.PUBLISHER)).upload(ingest, dataset, "1", jsonl,
                Map.of("balance", "undersample", "seed", "42", "groupField", "group", "onInvalid", "skip"));
        if (!answer.accepted()) {
            throw new IllegalStateException("ingest refused: " + answer.status() + " " + answer.body());
        }
        try (DatasetReadback readback = new DatasetReadback(stack.cliConnection())) {
            DatasetSnapshot prepared = readback.read(Topics.name(Topics.DEFAULT_PREFIX, Topics.DATASETS_PREPARED), dataset,
                    "1", Duration.ofMinutes(5));
            out.println("prepared " + prepared.records() + " records " + prepared.splits());
        }
    }

    private String body(String id, String dataset, String scheduler) {
        return "{\"sweepId\":\"" + id + "\",\"base\":{\"modelName\":\"bench-sweep\",\"datasetId\":\"" + dataset
                + "\",\"datasetVersion\":\"1\",\"method\":{\"type\":\"LORA\",\"loraRank\":8,\"loraAlpha\":16},"
                + "\"hyperParameters\":{\"maxSteps\":" + steps + ",\"batchSize\":8,\"maxSequenceLength\":64,"
                + "\"evalEverySteps\":" + Math.max(1, steps / 4) + ",\"warmupSteps\":1},\"seed\":7},"
                + "\"space\":[{\"name\":\"learningRate\",\"kind\":\"LOG_UNIFORM\",\"low\":0.00001,\"high\":0.01}],"
                + "\"numTrials\":" + trials + ",\"maxConcurrentTrials\":2,\"metric\":\"val_loss\",\"mode\":\"MIN\","
                + "\"scheduler\":{\"kind\":\"" + scheduler + "\",\"reductionFactor\":2,\"gracePeriod\":1,\"maxResource\":4}}";
    }

    private void post(URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.of(Roles.TRAINER).orElseThrow()).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("POST " + uri + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private JsonNode await(URI uri, Predicate<JsonNode> until, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + tokens.of(Roles.READER).orElseThrow()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                JsonNode json = JSON.readTree(answer.body());
                if (until.test(json)) {
                    return json;
                }
            }
            Thread.sleep(1000); // polling REST
        }
        throw new IllegalStateException("GET " + uri + " not done within " + timeout);
    }
}
