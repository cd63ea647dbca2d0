package io.tunestream.launcher;

import io.tunestream.events.DatasetEvent;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.kafka.embedded.BrokerProcess;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.KafkaConnection;
import java.util.concurrent.Callable;

/**
 * {@code tunestream bench-data}: N records through the real clean → split → augment services (durable, exactly
 * once, on the embedded broker), timed from the first record produced to the prepared seal being visible, with
 * each stage's time from the stage reports; in the same run the report's pandas + scikit-learn preparation on the
 * same records. Each side runs {@code --runs} times; it prints every run, the median and the spread, and the
 * ratio of the medians, with the work each side does.
 */
@Command(name = "bench-data", mixinStandardHelpOptions = true,
        description = "Benchmark clean -> split -> augment on the embedded broker beside pandas + scikit-learn.")
final class DataBenchmarkCommand implements Callable<Integer> {

    private static final List<String> SERVICES = List.of("clean-service", "split-service", "augment-service");
    private static final List<String> STAGES = List.of("clean", "split", "augment");
    /** The benchmark's broker: a full JIT (not the embedded default's C1 only) and room for the batches. */
    private static final String BROKER_JVM = "-Xmx1g -XX:+UseParallelGC";

    @Option(names = "--records", defaultValue = "1000000", description = "Records to push through.")
    int records;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each side (median and spread are printed).")
    int runs;

    @Option(names = "--augment-copies", defaultValue = "0",
            description = "EDA copies per train record on our side (pandas does no augmentation; 0 = off on both sides).")
    int augmentCopies;

    @Option(names = "--batch-records", defaultValue = "2000", description = "Records per batch event on datasets.raw.")
    int batchRecords;

    /*
     * 4g: two thirds of it young (2.7 GB), more than clean allocates for a version of a million 243-character records
     * (about 2.5 GB), so with the collection after each version no stage collects while it applies one. At 3g clean
     * collects mid-version, copying the live version: 0.5-2.3 s a version (docs/benchmarks.md).
     */
    @Option(names = "--heap", defaultValue = "4g", description = "Maximum heap of each stage service.")
    String heap;

    @Option(names = "--project-dir", defaultValue = ".", description = "Where the service modules are built.")
    Path projectDir;

    @Option(names = "--work-dir", defaultValue = ".tunestream", description = "Logs and the benchmark's JSONL go here.")
    Path workDir;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with pandas and scikit-learn.")
    String python;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        try {
            ServiceSpec.mebibytes(heap);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--heap: " + e.getMessage());
        }
        Files.createDirectories(workDir);
        Path jsonl = workDir.resolve("bench-" + records + ".jsonl");
        List<BenchmarkCorpus.Row> rows = BenchmarkCorpus.rows(records);
        BenchmarkCorpus.writeJsonl(rows, jsonl);
        out.printf("%,d records (SpamAssassin texts cut to 256 chars + counter, 20%% exact duplicates) in %s%n", records, jsonl);
        out.println("work, both sides: read the records, drop empty texts and exact duplicate texts, normalise the text"
                + " (ours: NFKC, control characters, whitespace; pandas: regex [^\\w\\s] removed, lower case, whitespace),"
                + " undersample every label to the smallest, stratified 80/10/10 split with seed 42");
        out.println(augmentCopies == 0 ? "augmentation: off on both sides (ours still passes the version through augment-service)"
                : "augmentation: ours adds " + augmentCopies + " EDA cop" + (augmentCopies == 1 ? "y" : "ies")
                        + " per train record, pandas none");
        out.println("ours: durable and exactly-once (Kafka transactions, read_committed, one broker), each stage's heap "
                + heap + "; pandas: in memory");
        List<PipelineRun> ours = runPipeline(rows);
        List<Double> pandas = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            String json = runPandas(jsonl);
            double seconds = seconds(json, "seconds_read") + seconds(json, "seconds_prepare");
            pandas.add(records / seconds);
            out.printf("pandas run %d: read %.1f s, prepare %.1f s: %,.0f records/s   %s%n", i, seconds(json, "seconds_read"),
                    seconds(json, "seconds_prepare"), records / seconds, json);
        }
        List<Double> endToEnd = ours.stream().map(PipelineRun::recordsPerSecond).toList();
        out.println();
        out.printf("per stage: the version's %,d input records / the stage's time (from the previous stage's report)%n",
                records);
        for (int s = 0; s < STAGES.size(); s++) {
            int stage = s;
            out.printf("%-8s %s%n", STAGES.get(s), Spread.of(ours.stream().map(r -> r.stageRecordsPerSecond(stage)).toList()));
        }
        out.printf("%-8s %s%n", "produce", Spread.of(ours.stream().map(PipelineRun::produceRecordsPerSecond).toList()));
        out.printf("tunestream clean->split->augment: %s%n", Spread.of(endToEnd));
        out.printf("pandas read+prepare:              %s%n", Spread.of(pandas));
        out.printf("ratio of the medians: %.2fx%n", Spread.of(endToEnd).median() / Spread.of(pandas).median());
        return 0;
    }

    private List<PipelineRun> runPipeline(List<BenchmarkCorpus.Row> rows) throws Exception {
        List<ServiceSpec> services = StackServices.discover(projectDir, out::println).stream()
                .filter(s -> SERVICES.contains(s.name()))
                .map(s -> ServiceSpec.quarkusJar(s.name(), projectDir.resolve(s.name()).resolve("target/quarkus-app/quarkus-run.jar"),
                        s.readinessUrl().getPort(), heap).withDataStageCollector(heap))
                .toList();
        if (services.size() != SERVICES.size()) {
            throw new IllegalStateException("clean, split and augment services must be built: ./mvnw install -DskipTests");
        }
        if (System.getProperty(BrokerProcess.JVM_OPTIONS_PROPERTY) == null) {
            System.setProperty(BrokerProcess.JVM_OPTIONS_PROPERTY, BROKER_JVM);
        }
        out.println("broker JVM: " + System.getProperty(BrokerProcess.JVM_OPTIONS_PROPERTY) + "; each stage: "
                + String.join(" ", services.get(0).command().subList(1, services.get(0).command().indexOf("-jar"))));
        StackSettings settings = new StackSettings(BrokerMode.PROCESS, BrokerSettings.defaults(), StackTopics.defaults(),
                services, workDir.resolve("logs"), Duration.ofMinutes(3));
        List<PipelineRun> results = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.start(settings, out);
             DatasetReadback readback = new DatasetReadback(stack.cliConnection());
             StageClock clock = new StageClock(stack.cliConnection(), Topics.name(null, Topics.DATASETS_REPORTS))) {
            for (int i = 1; i <= runs; i++) {
                String version = Integer.toString(i);
                long t0 = System.nanoTime();
                produce(stack.kafka(KafkaAccessPolicy.INGEST), rows, version);
                long t1 = System.nanoTime();
                Map<String, Long> done = clock.await("bench", version, STAGES, Duration.ofMinutes(60));
                PipelineRun run = new PipelineRun(rows.size(), t0, t1, done.values().stream().toList());
                DatasetSnapshot prepared = readback.read(Topics.name(null, Topics.DATASETS_PREPARED), "bench", version,
                        Duration.ofMinutes(5));
                if (!prepared.complete()) {
                    throw new IllegalStateException("the prepared version is incomplete: " + prepared);
                }
                if (i == 1) {
                    new DemoSummary(out).dataset(prepared);
                    new DemoSummary(out).reports(readback.reports(Topics.name(null, Topics.DATASETS_REPORTS), "bench",
                            version, STAGES.size(), Duration.ofMinutes(1)));
                }
                out.printf("run %d: %s%n", i, run);
                results.add(run);
            }
        }
        return results;
    }

    /** Writes the version to datasets.raw as ingest does (as its user, under its transactional id prefix, in batches). */
    private void produce(KafkaConnection ingest, List<BenchmarkCorpus.Row> rows, String version) {
        Properties p = ingest.properties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tunestream-ingest-bench-" + System.nanoTime());
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "900000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String topic = Topics.name(null, Topics.DATASETS_RAW);
        String key = DatasetKeys.of("bench", version);
        EventSerializer<DatasetEvent> serializer = new EventSerializer<>(DatasetEvent.class);
        try (KafkaProducer<String, DatasetEvent> producer = new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            producer.initTransactions();
            producer.beginTransaction();
            long batches = 0;
            for (int from = 0; from < rows.size(); from += batchRecords) {
                List<BenchmarkCorpus.Row> slice = rows.subList(from, Math.min(rows.size(), from + batchRecords));
                producer.send(new ProducerRecord<>(topic, key, BenchmarkCorpus.batch("bench", version, batches++, slice)));
            }
            // like the pandas reference: exact dedupe only, undersampling, 80/10/10
            producer.send(new ProducerRecord<>(topic, key, BenchmarkCorpus.seal("bench", version, rows.size(), batches,
                    Map.of("balance", "undersample", "seed", "42", "clean.near-duplicates", "off",
                            "augment.copies", Integer.toString(augmentCopies)))));
            producer.commitTransaction();
        }
    }

    private String runPandas(Path jsonl) throws Exception {
        Path script = projectDir.resolve("launcher/bench/pandas_reference.py");
        Process process = new ProcessBuilder(python, script.toString(), jsonl.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the pandas reference failed (needs Debian python3-pandas, python3-sklearn): " + output);
        }
        return output.lines().reduce((a, b) -> b).orElse("");
    }

    private static double seconds(String json, String field) throws IOException {
        return new ObjectMapper().readTree(json).path(field).asDouble(Double.NaN);
    }

    /** One pass of the version through the stages: when it was produced and when each stage reported it. */
    record PipelineRun(long records, long startNanos, long producedNanos, List<Long> stageDoneNanos) {

        double recordsPerSecond() {
            return records / ((stageDoneNanos.get(stageDoneNanos.size() - 1) - startNanos) / 1e9);
        }

        double produceRecordsPerSecond() {
            return records / ((producedNanos - startNanos) / 1e9);
        }

        /** Records in per second of a stage: from the previous stage's report (or the raw seal) to its own. */
        double stageRecordsPerSecond(int stage) {
            long from = stage == 0 ? producedNanos : stageDoneNanos.get(stage - 1);
            return records / ((stageDoneNanos.get(stage) - from) / 1e9);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(String.format("produce %.1f s", (producedNanos - startNanos) / 1e9));
            long from = producedNanos;
            for (int s = 0; s < stageDoneNanos.size(); s++) {
                b.append(String.format(", %s %.1f s", STAGES.get(s), (stageDoneNanos.get(s) - from) / 1e9));
                from = stageDoneNanos.get(s);
            }
            return b.append(String.format("; end to end %.1f s: %,.0f records/s", (from - startNanos) / 1e9,
                    recordsPerSecond())).toString();
        }
    }

    /** Median and range of a few measurements (records/s). */
    record Spread(List<Double> values) {

        static Spread of(List<Double> values) {
            return new Spread(values.stream().sorted().toList());
        }

        double median() {
            int n = values.size();
            return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        }

        @Override
        public String toString() {
            return String.format("median %,.0f records/s (min %,.0f, max %,.0f, %d runs)", median(), values.get(0),
                    values.get(values.size() - 1), values.size());
        }
    }
}
