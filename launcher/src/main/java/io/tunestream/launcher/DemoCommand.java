package io.tunestream.launcher;

import io.tunestream.events.StageReport;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.launcher.cli.CliException;
import io.tunestream.launcher.cli.Connection;
import io.tunestream.launcher.cli.ModelPhase;
import io.tunestream.launcher.cli.StackTokens;
import io.tunestream.sampledata.CorpusFraction;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;
import io.tunestream.schemas.Topics;
import io.tunestream.security.Roles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code tunestream demo}: the main job, embedded. Starts a real KRaft broker (its data kept under the work
 * directory, so a second run finds the first run's models) and every built service as its own JVM, fetches the
 * SpamAssassin public corpus, writes a training recipe (LoRA on the bundled MiniLM, promotion champion) and uploads
 * the corpus to ingest-service over REST naming it, follows it through clean, split and augment (read back with
 * {@code read_committed}), then only watches: the trainer's recipe trigger starts the job on the prepared version,
 * and the demo waits for the evaluation of the final checkpoint (A/B against the current champion) and its
 * registration, and prints a summary. A second run writes the recipe's next version (the next seed) and is compared
 * with the first run's champion.
 */
@Command(name = "demo", sortOptions = false,
        description = {"Run the main job, embedded: broker + services; SpamAssassin ingested, cleaned, split and "
                + "augmented; MiniLM fine-tuned with LoRA; evaluated, registered and promoted when blessed.",
                "A second run produces a second version, A/B-tested against the first champion."})
final class DemoCommand implements Callable<Integer> {

    // no mixinStandardHelpOptions: its -V/--version would clash with the dataset's --version (picocli then
    // dropped --help: "Unknown option")
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--dataset", defaultValue = "spam-assassin", description = "Dataset id to publish under.")
    String datasetId;

    @Option(names = "--version", description = "Dataset version; default: the current UTC time, yyyyMMdd-HHmmss.")
    String version;

    @Option(names = "--fraction", defaultValue = "1.0", description = "Share of the corpus to publish, 0 < f <= 1.")
    double fraction;

    @Option(names = "--in-process", description = "Run the broker inside this JVM instead of a child JVM.")
    boolean inProcess;

    @Option(names = "--project-dir", defaultValue = ".", description = "Where the service modules are built.")
    Path projectDir;

    @Option(names = "--work-dir", defaultValue = ".tunestream", description = "Logs and generated files go here.")
    Path workDir;

    @Option(names = "--keep-running", description = "Keep the stack running after the demo, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--data-only", description = "Stop after the data stages (no training, evaluation, registration).")
    boolean dataOnly;

    @Option(names = "--fresh", description = "Forget earlier runs: delete the broker's data and the stored models first.")
    boolean fresh;

    @Option(names = "--model-name", defaultValue = "spam-filter", description = "Registry model name (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--steps", defaultValue = "80", description = "LoRA optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", defaultValue = "16", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-length", defaultValue = "128", description = "Tokens per text (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--learning-rate", defaultValue = "0.002", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--eval-every", defaultValue = "40", description = "Validate every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--seed", description = "Training seed; default 42 + the number of versions already registered.")
    Long seed;

    @Option(names = "--schema-registry", description = "Registry mode: Apicurio Registry as a child JVM, every schema "
            + "registered under BACKWARD compatibility, every event in the Confluent wire format (magic byte + schema id).")
    boolean schemaRegistry;

    @Option(names = "--stage-timeout", defaultValue = "900", description = "Seconds each phase may take (default: ${DEFAULT-VALUE}).")
    long stageTimeoutSeconds;

    private final PrintStream out = System.out;
    private final long started = System.nanoTime();

    @Override
    public Integer call() throws Exception {
        if (fraction <= 0 || fraction > 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--fraction must be in (0, 1]");
        }
        String v = version != null ? version : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        if (steps < 1 || batchSize < 1 || maxLength < 8 || !(learningRate > 0) || evalEvery < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--steps, --batch-size and --eval-every must be >= 1, --max-length >= 8, --learning-rate > 0");
        }
        if (fresh) {
            forgetEarlierRuns();
        }
        List<String> modules = dataOnly ? StackServices.DATA_MODULES : StackServices.MODULES;
        StackTokens tokens = StackTokens.generate();
        List<ServiceSpec> services = StackServices.discover(projectDir, modules, workDir, tokens, out::println);
        List<String> missing = modules.stream().filter(m -> services.stream().noneMatch(s -> s.name().equals(m))).toList();
        if (!missing.isEmpty()) {
            out.println("not built: " + missing + "; run ./mvnw install -DskipTests (./tunestream does it for you)");
            return 2;
        }
        StackSchemaRegistry registry = schemaRegistry
                ? StackSchemaRegistry.start(projectDir, workDir, workDir.resolve("logs"), Duration.ofSeconds(180), out) : null;
        if (registry != null) {
            registry.useInThisProcess();
        }
        // closed in reverse order: the stack, then the registry its services write through
        try (registry; EmbeddedStack stack = EmbeddedStack.start(
                settings(registry == null ? services : registry.pointAt(services)), out)) {
            out.println();
            out.print(stack.table());
            ModelPhase phase = modelPhase(stack, services, tokens);
            int code;
            if (dataOnly) {
                code = runDemo(stack, services, tokens, v, null);
            } else {
                // The demo only publishes and watches: the recipe's trigger starts the job once the data is prepared.
                try {
                    ModelPhase.Settings settings = trainingSettings(phase);
                    int recipeVersion = phase.createRecipe(modelName, settings);
                    progress("recipe " + modelName + "@" + recipeVersion + ": LoRA, " + steps + " steps, seed "
                            + settings.seed() + ", promotion champion when blessed");
                    code = runDemo(stack, services, tokens, v, modelName + "@" + recipeVersion);
                    if (code == 0) {
                        code = runModelPhase(phase, settings, "recipe-" + modelName + "-" + recipeVersion + "-"
                                + datasetId + "-" + v, v);
                    }
                } catch (CliException e) {
                    out.println("error: " + e.getMessage());
                    code = 1;
                }
            }
            if (code != 0) {
                // a stage that died is the likeliest cause: say which, how, and what it logged last
                stack.exitedServices(20).forEach(out::println);
            }
            if (keepRunning && code == 0) {
                // the other commands find it like a stack from `tunestream up`
                Path stackFile = workDir.resolve("stack.json");
                StackWorkDir.record(stack, StackTopics.DEFAULT_PREFIX, tokens, stackFile);
                out.println("stack keeps running (" + stackFile + "; KAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers()
                        + "): try `tunestream models`; Ctrl-C or `tunestream down` stops it");
                new CountDownLatch(1).await();
            }
            return code;
        }
    }

    private int runDemo(EmbeddedStack stack, List<ServiceSpec> services, StackTokens tokens, String v, String recipe)
            throws IOException, InterruptedException {
        Path jsonl = prepareCorpus(v);
        URI ingest = services.stream().filter(s -> s.name().equals("ingest-service")).findFirst().orElseThrow()
                .readinessUrl().resolve("/");
        progress("uploading " + jsonl.getFileName() + " (" + Files.size(jsonl) / 1024 + " KiB) to " + ingest
                + (recipe == null ? "" : " with recipe=" + recipe));
        Map<String, String> params = new HashMap<>(Map.of("balance", "undersample", "seed", "42", "groupField", "group",
                "onInvalid", "skip"));
        if (recipe != null) {
            params.put("recipe", recipe);
        }
        DatasetUploader.Answer answer = new DatasetUploader(tokens.of(Roles.PUBLISHER)).upload(ingest, datasetId, v, jsonl,
                params);
        if (!answer.accepted()) {
            out.println("ingest refused the upload: HTTP " + answer.status() + " " + answer.body());
            return 1;
        }
        progress("ingest answered " + answer.status() + ": " + answer.body());
        try (DatasetReadback readback = new DatasetReadback(stack.cliConnection())) {
            return followStages(readback, stack, services, v);
        }
    }

    private ModelPhase modelPhase(EmbeddedStack stack, List<ServiceSpec> services, StackTokens tokens) {
        Map<String, String> urls = new HashMap<>();
        services.forEach(s -> urls.put(s.name(), s.readinessUrl().resolve("/").toString()));
        return new ModelPhase(Connection.of(stack.cliConnection(), urls, tokens), new PrintWriter(out, true),
                System.console() != null);
    }

    private ModelPhase.Settings trainingSettings(ModelPhase phase) throws InterruptedException {
        long trainingSeed = seed != null ? seed : 42 + phase.registeredVersions(modelName);
        return new ModelPhase.Settings(modelName, steps, batchSize, maxLength, learningRate, evalEvery, trainingSeed,
                Duration.ofSeconds(stageTimeoutSeconds));
    }

    private int runModelPhase(ModelPhase phase, ModelPhase.Settings settings, String jobId, String v)
            throws InterruptedException {
        try {
            progress("fine-tuning " + modelName + " on " + datasetId + "@" + v + " (seed " + settings.seed() + ")");
            ModelPhase.Outcome outcome = phase.follow(jobId, settings);
            new DemoSummary(out).model(outcome);
            progress(outcome.version().isPresent() ? "done: dataset to registered model" : "INCOMPLETE: no version");
            return outcome.version().isPresent() ? 0 : 1;
        } catch (CliException e) {
            out.println("error: " + e.getMessage());
            progress("FAILED; service logs are in " + workDir.resolve("logs"));
            return 1;
        }
    }

    /** Deletes the broker's data and the services' stored models and reports of earlier runs. */
    private void forgetEarlierRuns() throws IOException {
        StackWorkDir.forget(workDir);
        progress("--fresh: forgot earlier runs under " + workDir);
    }

    private int followStages(DatasetReadback readback, EmbeddedStack stack, List<ServiceSpec> services, String v) {
        DemoSummary summary = new DemoSummary(out);
        boolean allComplete = true;
        for (String[] stage : StageTopicOrder.STAGES) {
            boolean running = stage[0].equals("ingest-service") || services.stream().anyMatch(s -> s.name().equals(stage[0]));
            if (!running) {
                continue;
            }
            String topic = Topics.name(Topics.DEFAULT_PREFIX, stage[1]);
            progress("reading " + topic + " (read_committed) until the seal of " + datasetId + "@" + v);
            // a stage that died will not seal its output: stop waiting for it then, not at the timeout
            String writer = stage[0];
            DatasetSnapshot snapshot = readback.read(topic, datasetId, v, Duration.ofSeconds(stageTimeoutSeconds),
                    () -> stack.isRunning(writer));
            summary.dataset(snapshot);
            allComplete &= snapshot.complete();
            if (!snapshot.complete()) {
                // the later stages read this one's output: they cannot seal theirs either
                progress(writer + " did not seal " + topic + (stack.isRunning(writer) ? " in time" : ": it is not running"));
                break;
            }
        }
        List<StageReport> reports = readback.reports(Topics.name(Topics.DEFAULT_PREFIX, Topics.DATASETS_REPORTS),
                datasetId, v, 1, Duration.ofSeconds(30));
        summary.reports(reports);
        progress(allComplete ? "done: every stage sealed its output and the counts match" : "INCOMPLETE: see above");
        return allComplete ? 0 : 1;
    }

    private Path prepareCorpus(String v) throws IOException {
        progress("fetching the SpamAssassin public corpus (npm pack, cached)");
        SpamAssassinCorpus corpus = SpamAssassinCorpus.fetch(SpamAssassinCorpus.defaultCacheDir());
        Path file = workDir.resolve("datasets").resolve(datasetId + "-" + v + ".jsonl");
        Files.createDirectories(file.getParent());
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(corpus)) {
            long n = SpamAssassinAdapter.writeJsonl(records.filter(new CorpusFraction(fraction)), file);
            progress("parsed " + n + " messages (MIME, subject + body) into " + file);
        }
        return file;
    }


    private StackSettings settings(List<ServiceSpec> services) {
        // The broker's data lives under the work directory: a second run sees the first run's champion.
        return new StackSettings(inProcess ? BrokerMode.IN_PROCESS : BrokerMode.PROCESS,
                BrokerSettings.defaults().withLogDir(StackWorkDir.brokerData(workDir)),
                StackTopics.defaults(), services, workDir.resolve("logs"), Duration.ofSeconds(180));
    }

    private void progress(String message) {
        out.printf("[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
    }
}
