package io.tunestream.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.StageReport;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventSerializer;
import java.io.IOException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.KafkaConnection;
import java.util.concurrent.Callable;

/**
 * {@code tunestream bench-data}: N records through the real clean → split → augment services (durable, exactly
 * once, on the embedded broker), timed from the first record produced to the prepared seal being visible;
 * in the same run the report's pandas + scikit-learn preparation on the same records; prints both and the ratio.
 */
@Command(name = "bench-data", mixinStandardHelpOptions = true,
        description = "Benchmark clean -> split -> augment on the embedded broker beside pandas + scikit-learn.")
final class DataBenchmarkCommand implements Callable<Integer> {

    private static final List<String> STAGES = List.of("clean-service", "split-service", "augment-service");

    @Option(names = "--records", defaultValue = "1000000", description = "Records to push through.")
    int records;

    @Option(names = "--heap", defaultValue = "3g", description = "Maximum heap of each stage service.")
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
        Files.createDirectories(workDir);
        Path jsonl = workDir.resolve("bench-" + records + ".jsonl");
        List<BenchmarkCorpus.Row> rows = BenchmarkCorpus.rows(records);
        BenchmarkCorpus.writeJsonl(rows, jsonl);
        out.printf("%,d records (SpamAssassin texts cut to 256 chars + counter, 20%% exact duplicates) in %s%n", records, jsonl);
        double ours = runPipeline(rows);
        String pandas = runPandas(jsonl);
        out.println("pandas + scikit-learn (same records, in memory, not durable): " + pandas);
        double pandasSeconds = seconds(pandas, "seconds_read") + seconds(pandas, "seconds_prepare");
        double reference = records / pandasSeconds;
        out.printf("%ntunestream clean->split->augment: %,.0f records/s   pandas read+prepare: %,.0f records/s   ratio %.2fx%n",
                ours, reference, ours / reference);
        return 0;
    }

    private double runPipeline(List<BenchmarkCorpus.Row> rows) throws Exception {
        List<ServiceSpec> services = StackServices.discover(projectDir, out::println).stream()
                .filter(s -> STAGES.contains(s.name()))
                .map(s -> ServiceSpec.quarkusJar(s.name(), projectDir.resolve(s.name()).resolve("target/quarkus-app/quarkus-run.jar"),
                        s.readinessUrl().getPort(), heap))
                .toList();
        if (services.size() != STAGES.size()) {
            throw new IllegalStateException("clean, split and augment services must be built: ./mvnw install -DskipTests");
        }
        StackSettings settings = new StackSettings(BrokerMode.PROCESS, BrokerSettings.defaults(), StackTopics.defaults(),
                services, workDir.resolve("logs"), Duration.ofMinutes(3));
        try (EmbeddedStack stack = EmbeddedStack.start(settings, out);
             DatasetReadback readback = new DatasetReadback(stack.cliConnection())) {
            long t0 = System.nanoTime();
            produce(stack.kafka(KafkaAccessPolicy.INGEST), rows);
            long t1 = System.nanoTime();
            DatasetSnapshot prepared = readback.read(Topics.name(null, Topics.DATASETS_PREPARED), "bench", "1", Duration.ofMinutes(60));
            long t2 = System.nanoTime();
            List<StageReport> reports = readback.reports(Topics.name(null, Topics.DATASETS_REPORTS), "bench", "1", 3, Duration.ofMinutes(1));
            new DemoSummary(out).dataset(prepared);
            new DemoSummary(out).reports(reports);
            out.printf("produced to datasets.raw in %.1f s; prepared seal visible %.1f s after the first record%n",
                    (t1 - t0) / 1e9, (t2 - t0) / 1e9);
            if (!prepared.complete()) {
                throw new IllegalStateException("the prepared version is incomplete: " + prepared);
            }
            return rows.size() / ((t2 - t0) / 1e9);
        }
    }

    /** Writes the version to datasets.raw as ingest would (as its user, under its transactional id prefix). */
    private static void produce(KafkaConnection ingest, List<BenchmarkCorpus.Row> rows) {
        Properties p = ingest.properties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tunestream-ingest-bench-" + System.nanoTime());
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "900000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String topic = Topics.name(null, Topics.DATASETS_RAW);
        String key = DatasetKeys.of("bench", "1");
        EventSerializer<DatasetEvent> serializer = new EventSerializer<>(DatasetEvent.class);
        try (KafkaProducer<String, DatasetEvent> producer = new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            producer.initTransactions();
            producer.beginTransaction();
            rows.forEach(r -> producer.send(new ProducerRecord<>(topic, key, BenchmarkCorpus.event("bench", "1", r))));
            // like the pandas reference: exact dedupe only, undersampling, 80/10/10; augment adds one EDA copy per train record
            producer.send(new ProducerRecord<>(topic, key, BenchmarkCorpus.seal("bench", "1", rows.size(),
                    Map.of("balance", "undersample", "seed", "42", "clean.near-duplicates", "off"))));
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
}
