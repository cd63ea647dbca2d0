package io.tunestream.trainer.bench;

import ai.djl.ndarray.NDManager;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.Split;
import io.tunestream.kafka.embedded.EmbeddedKafkaBroker;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.kafka.toolkit.TopicProvisioner;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.optim.LearningRateSchedules;
import io.tunestream.model.optim.ParameterGroupAdamW;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.model.training.TrainingStep;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.testsupport.ApiTokens;
import io.tunestream.testsupport.PreparedDatasets;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The same LoRA job (bundled MiniLM, r=8, batch 16, seq 128, a fixed number of steps, real SpamAssassin mail) run
 * through trainer-service (a child JVM on an embedded KRaft broker: dataset materialised from Kafka, statuses,
 * metrics and the final checkpoint published) and through the modelling library's bare loop
 * ({@code TrainingStep} + {@code ParameterGroupAdamW} + the same schedule and clipping), in one run, alternating,
 * with the same thread count. The service's time runs from its RUNNING status at step 0 (model loaded, data
 * materialised) to SUCCEEDED (final checkpoint published); the loop's from its first to its last step.
 *
 * <p>{@code ./mvnw -pl trainer-service -Pbench exec:java [-Dbench.steps=40] [-Dbench.rounds=2]} after
 * {@code ./mvnw install -DskipTests} (needs {@code trainer-service/target/quarkus-app}).
 */
public final class TrainerBenchmark {

    private static final int BATCH = 16;
    private static final int SEQ = 128;

    private TrainerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int steps = Integer.getInteger("bench.steps", 40);
        int rounds = Integer.getInteger("bench.rounds", 2);
        int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        DjlRuntime.configure();
        // exec:java runs in the reactor root or in the module directory
        Path jar = Stream.of("trainer-service/target/quarkus-app/quarkus-run.jar", "target/quarkus-app/quarkus-run.jar")
                .map(Path::of).filter(Files::isRegularFile).findFirst().orElse(Path.of("target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build trainer-service first: ./mvnw -pl trainer-service -am install -DskipTests");
        }
        List<PreparedDatasets.Row> rows = PreparedDatasets.spamAssassin(steps * BATCH / 2 + 8, i -> Split.TRAIN);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            TopicProvisioner.ensureTopics(broker.bootstrapServers(), TopicSpec.pipeline(Topics.DEFAULT_PREFIX, 3));
            PreparedDatasets.publish(broker.bootstrapServers(), "bench", "1", rows, Map.of());
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = Files.createTempFile("trainer-bench", ".log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-jar", jar.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(ApiTokens.environment());
            builder.environment().putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "QUARKUS_HTTP_PORT", String.valueOf(port), "QUARKUS_HTTP_HOST", "127.0.0.1",
                    "TUNESTREAM_TRAINER_ARTIFACT_DIR", Files.createTempDirectory("bench-artifacts").toString()));
            Process trainer = builder.start();
            trainer.getOutputStream().close();
            try {
                awaitReady(port, trainer, log);
                System.out.printf("LoRA r=8 on MiniLM, batch %d, seq %d, %d steps, %d threads; %d rounds%n", BATCH, SEQ,
                        steps, threads, rounds);
                double loopBest = 0;
                double serviceBest = 0;
                for (int round = 1; round <= rounds; round++) {
                    double loop = bareLoop(rows, steps);
                    double service = service(port, broker.bootstrapServers(), steps);
                    loopBest = Math.max(loopBest, loop);
                    serviceBest = Math.max(serviceBest, service);
                    System.out.printf("round %d: bare loop %.2f samples/s, service %.2f samples/s (%.1f%% of the loop)%n",
                            round, loop, service, 100 * service / loop);
                }
                System.out.printf("best: bare loop %.2f samples/s, service %.2f samples/s: the service loses %.1f%% "
                        + "(goal <= 5%%)%n", loopBest, serviceBest, 100 * (1 - serviceBest / loopBest));
            } finally {
                trainer.destroy();
                trainer.waitFor();
            }
        }
    }

    private static void awaitReady(int port, Process trainer, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!trainer.isAlive()) {
                throw new IllegalStateException("trainer-service exited; its log: " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500); // polling a start-up: no event to wait on
        }
        throw new IllegalStateException("trainer-service not ready within 3 minutes; its log: " + log);
    }

    private static double bareLoop(List<PreparedDatasets.Row> rows, int steps) {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, SEQ)) {
            TextClassifier clf = TextClassifier.create(base, MethodConfig.Lora.defaults(), HeadConfig.classification(2),
                    manager, 42);
            ParameterGroupAdamW adamW = ParameterGroupAdamW.builder().parameters(clf.trainableParameters())
                    .learningRate(LearningRateSchedules.cosine(2e-3f, 2, steps)).optWeightDecays(0.01f).build();
            long start = System.nanoTime();
            for (int step = 0; step < steps; step++) {
                List<PreparedDatasets.Row> batch = rows.subList(step * BATCH % (rows.size() - BATCH),
                        step * BATCH % (rows.size() - BATCH) + BATCH);
                List<String> texts = batch.stream().map(PreparedDatasets.Row::text).toList();
                long[] labels = batch.stream().mapToLong(r -> r.label().equals("spam") ? 1 : 0).toArray();
                TrainingStep.run(manager, clf.trainableSlots().values(), adamW,
                        m -> clf.loss(clf.forward(clf.encode(texts, m), true), m.create(labels)), 1.0);
            }
            return steps * BATCH / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double service(int port, String bootstrap, int steps) throws Exception {
        String jobId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"jobId\":\"" + jobId + "\",\"modelName\":\"bench\",\"datasetId\":\"bench\",\"datasetVersion\":\"1\","
                + "\"method\":{\"type\":\"LORA\",\"loraRank\":8,\"loraAlpha\":16},\"hyperParameters\":{\"maxSteps\":"
                + steps + ",\"batchSize\":" + BATCH + ",\"maxSequenceLength\":" + SEQ + ",\"learningRate\":0.002,"
                + "\"warmupSteps\":2},\"seed\":42}";
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + ApiTokens.token("trainer")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("POST /jobs answered " + answer.statusCode() + ": " + answer.body());
        }
        List<JobStatus> statuses = statuses(bootstrap, jobId);
        JobStatus started = statuses.stream().filter(s -> s.getState() == JobState.RUNNING && s.getStep() == 0
                && s.getTotalSteps() > 0).findFirst().orElseThrow();
        JobStatus ended = statuses.get(statuses.size() - 1);
        if (ended.getState() != JobState.SUCCEEDED) {
            throw new IllegalStateException("job " + jobId + " ended " + ended.getState() + ": " + ended.getMessage());
        }
        double seconds = (ended.getUpdatedAt().toEpochMilli() - started.getUpdatedAt().toEpochMilli()) / 1e3;
        return steps * BATCH / seconds;
    }

    private static List<JobStatus> statuses(String bootstrap, String jobId) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("isolation.level", "read_committed");
        String topic = Topics.name(Topics.DEFAULT_PREFIX, Topics.TRAINING_JOBS);
        try (KafkaConsumer<String, JobStatus> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new EventDeserializer<>(JobStatus.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<JobStatus> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, JobStatus> r : consumer.poll(Duration.ofMillis(500))) {
                    if (jobId.equals(r.key())) {
                        out.add(r.value());
                        JobState s = r.value().getState();
                        if (s == JobState.SUCCEEDED || s == JobState.FAILED || s == JobState.CANCELLED) {
                            return out;
                        }
                    }
                }
            }
            throw new IllegalStateException("job " + jobId + " did not end within 30 minutes");
        }
    }
}
