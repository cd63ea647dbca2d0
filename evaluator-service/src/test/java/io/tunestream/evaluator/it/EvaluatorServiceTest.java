package io.tunestream.evaluator.it;

import static io.restassured.RestAssured.given;
import static io.tunestream.security.Roles.EVALUATOR;
import static io.tunestream.security.Roles.READER;
import static io.tunestream.security.Roles.TRAINER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.evaluator.report.EvaluationChartsTest;
import io.tunestream.evaluator.report.ReportScreenshotTest;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.Evaluation;
import io.tunestream.events.Lineage;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.ScoringItem;
import io.tunestream.events.ScoringRequest;
import io.tunestream.events.ScoringResult;
import io.tunestream.events.Split;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.AnyEventSerializer;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import io.tunestream.testsupport.PreparedDatasets;
import io.tunestream.testsupport.PreparedDatasets.Row;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The evaluator service through the real broker, with real LoRA weights trained on real SpamAssassin mail:
 * checkpoint events in, evaluation events, plots and an HTML report out; A/B against the champion read from the
 * registry's models topic; batch scoring over REST and the scoring topic; refused checkpoints dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluatorServiceTest {

    static final String PREFIX = "tunestream.";
    static final String MODEL = "spam-filter-" + UUID.randomUUID().toString().substring(0, 6);
    static final String DATASET = "spam-eval-" + UUID.randomUUID().toString().substring(0, 6);
    static Path untrained;
    static Path trained;
    static List<Row> rows;
    /** The job of the first test, whose final checkpoint was evaluated. */
    static String firstJob;

    @BeforeAll
    static void prepare() throws Exception {
        // 90 ham + 90 spam; every third of each label is TEST (60 test records), the rest TRAIN
        rows = PreparedDatasets.spamAssassin(90, i -> i % 3 == 0 ? Split.TEST : Split.TRAIN);
        PreparedDatasets.publish(DATASET, "1", rows, Map.of());
        Path dir = Files.createDirectories(Path.of("target", "lora-weights"));
        untrained = dir.resolve("untrained.safetensors");
        trained = dir.resolve("trained.safetensors");
        float[] loss = LoraWeights.train(rows.stream().filter(r -> r.split() == Split.TRAIN).toList(), 40, untrained,
                trained);
        System.out.printf("LoRA training loss %.4f -> %.4f%n", loss[0], loss[1]);
    }

    @Test
    @Order(1)
    @Timeout(600)
    void shouldPublishEvaluationWithPlotsAndReportWhenFinalCheckpointArrives() throws Exception {
        // Given the final checkpoint of a trained job, in 3 chunks, and no champion yet
        String job = "job-trained-" + UUID.randomUUID().toString().substring(0, 6);
        firstJob = job;
        Lineage lineage = CheckpointEvents.lineage(DATASET, "1", job);
        // (Prometheus is watched while it runs: the running-evaluations gauge must move)
        AtomicBoolean evaluating = new AtomicBoolean(true);
        CompletableFuture<Double> mostRunning = CompletableFuture.supplyAsync(() -> {
            double most = 0;
            while (evaluating.get()) {
                double now = metric("tunestream_evaluator_evaluations_running");
                most = Double.isNaN(now) ? most : Math.max(most, now);
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            return most;
        });
        Evaluation e;
        try {
            // When
            send(Topics.TRAINING_CHECKPOINTS, job, CheckpointEvents.finalCheckpoint(job, MODEL, lineage, trained,
                    (int) Files.size(trained) / 3 + 1));
            // Then
            e = awaitEvaluation(job);
        } finally {
            evaluating.set(false);
        }
        assertThat(mostRunning.get()).isEqualTo(1.0);
        assertThat(metric("tunestream_evaluator_evaluations_running")).isZero();
        System.out.printf("TRAINED metrics %s blessed %s reasons %s%n", e.getMetrics(), e.getBlessed(), e.getReasons());
        assertThat(e.getTestRecords()).isEqualTo(60);
        assertThat(e.getMetrics().get("accuracy")).isGreaterThan(0.8);
        assertThat(e.getMetrics()).containsKeys("f1_macro", "f1_weighted", "precision_macro", "recall_macro", "roc_auc");
        assertThat(e.getConfusionMatrix().getLabels()).containsExactly("ham", "spam");
        assertThat(e.getConfusionMatrix().getCounts().stream().flatMap(List::stream).mapToLong(Long::longValue).sum())
                .isEqualTo(60);
        assertThat(e.getPerClass()).extracting(c -> c.getLabel()).containsExactly("ham", "spam");
        assertThat(e.getComparison()).isNull();
        assertThat(e.getBlessed()).isTrue();
        assertThat(e.getEvaluationId()).isEqualTo("eval-" + job + "-final");
        Path weights = Path.of(URI.create(e.getArtifactUri()));
        assertThat(Files.readAllBytes(weights)).isEqualTo(Files.readAllBytes(trained));
        Path html = Path.of(URI.create(e.getReportUri()));
        assertThat(html).exists();
        assertThat(e.getPlotUris()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(p -> assertThat(Path.of(URI.create(p))).exists().isNotEmptyFile());
        assertThat(Files.readString(html)).contains(DATASET).contains(job).contains("<img");
        as(READER).get("/api/evaluations/" + e.getEvaluationId()).then().statusCode(200)
                .body("state", equalTo("DONE")).body("blessed", equalTo(true));
        screenshot(html);
        // the report names the checkpoint until the registry has numbered the version, then the version
        assertThat(Files.readString(html)).contains("<h1>" + MODEL + " · checkpoint " + job + "-final");
        ModelVersion registered = CheckpointEvents.version(MODEL, 1, List.of(), lineage, e.getArtifactUri(),
                e.getArtifactSha256());
        registered.setEvaluationId(e.getEvaluationId());
        send(Topics.MODELS, MODEL + "/1", List.of(registered));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> Files.readString(html).contains("<title>Evaluation of " + MODEL + " v1</title>"));
        assertThat(Files.readString(html)).contains("<h1>" + MODEL + " v1<span class=\"badge blessed\">");
        // Prometheus saw the evaluation's duration
        assertThat(metric("tunestream_evaluator_evaluation_duration_seconds_count", "outcome=\"done\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(2)
    @Timeout(600)
    void shouldNotBlessWeakChallengerAgainstTrainedChampion() throws Exception {
        // Given the trained weights registered as champion v1
        String championJob = "job-champion-" + UUID.randomUUID().toString().substring(0, 6);
        register(1, List.of("champion"), CheckpointEvents.lineage(DATASET, "1", championJob), trained);
        String job = "job-step0-" + UUID.randomUUID().toString().substring(0, 6);
        // When the step-0 checkpoint of another job is evaluated
        send(Topics.TRAINING_CHECKPOINTS, job, CheckpointEvents.finalCheckpoint(job, MODEL,
                CheckpointEvents.lineage(DATASET, "1", job), untrained, 1 << 20));
        // Then
        Evaluation e = awaitEvaluation(job);
        System.out.printf("WEAK vs champion: metrics %s comparison %s reasons %s%n", e.getMetrics(),
                e.getComparison(), e.getReasons());
        assertThat(e.getComparison()).isNotNull();
        assertThat(e.getComparison().getChampionVersion()).isEqualTo(1);
        assertThat(e.getComparison().getTest()).isEqualTo("mcnemar-exact");
        assertThat(e.getComparison().getMetricDelta()).isNegative();
        assertThat(e.getComparison().getPValue()).isGreaterThan(0.5);
        assertThat(e.getBlessed()).isFalse();
    }

    @Test
    @Order(3)
    @Timeout(600)
    void shouldBlessBetterChallengerWithItsPValue() throws Exception {
        // Given the step-0 weights registered as champion v2 (v1 keeps no alias)
        String weakJob = "job-weak-" + UUID.randomUUID().toString().substring(0, 6);
        Lineage trainedLineage = CheckpointEvents.lineage(DATASET, "1", "job-champion");
        register(1, List.of(), trainedLineage, trained);
        register(2, List.of("champion"), CheckpointEvents.lineage(DATASET, "1", weakJob), untrained);
        String job = "job-better-" + UUID.randomUUID().toString().substring(0, 6);
        // When the trained weights arrive as a new job's checkpoint
        send(Topics.TRAINING_CHECKPOINTS, job, CheckpointEvents.finalCheckpoint(job, MODEL,
                CheckpointEvents.lineage(DATASET, "1", job), trained, 1 << 20));
        // Then
        Evaluation e = awaitEvaluation(job);
        System.out.printf("BETTER vs weak champion: comparison %s reasons %s%n", e.getComparison(), e.getReasons());
        assertThat(e.getComparison().getChampionVersion()).isEqualTo(2);
        assertThat(e.getComparison().getPValue()).isLessThan(0.05);
        assertThat(e.getComparison().getMetricDelta()).isPositive();
        assertThat(e.getBlessed()).isTrue();
    }

    @Test
    @Order(4)
    @Timeout(300)
    void shouldScoreWithRegisteredModelOverRestAndTopic() {
        // Given champion v2 (step 0) and v1 (trained) from the previous test
        String spam = rows.stream().filter(r -> r.split() == Split.TEST && r.label().equals("spam")).findFirst()
                .orElseThrow().text();
        String body = "{\"model\":\"" + MODEL + "\",\"aliasOrVersion\":\"1\",\"items\":[{\"id\":\"a\",\"text\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(spam) + "}]}";
        // When / Then: REST, version 1
        as(EVALUATOR).contentType("application/json").body(body).post("/api/score").then().statusCode(200)
                .body("version", equalTo(1)).body("results[0].id", equalTo("a"))
                .body("results[0].label", equalTo("spam"));
        // unknown model and bad bodies
        as(EVALUATOR).contentType("application/json").body(body.replace(MODEL, "nope")).post("/api/score").then()
                .statusCode(404).contentType("application/problem+json");
        as(EVALUATOR).contentType("application/json").body("{\"model\":\"" + MODEL + "\",\"items\":[]}").post("/api/score")
                .then().statusCode(400);
        as(EVALUATOR).contentType("application/json").body("{not json").post("/api/score").then().statusCode(400);
        as(EVALUATOR).contentType("application/json").body("{\"jobId\":\"never-seen\"}").post("/api/evaluations").then()
                .statusCode(404);
        // Topic: champion alias resolves to v2
        ScoringRequest request = ScoringRequest.newBuilder().setRequestId("req-" + UUID.randomUUID())
                .setModelName(MODEL).setAliasOrVersion("champion")
                .setItems(List.of(ScoringItem.newBuilder().setId("x").setText(spam).build()))
                .setProducedAt(Instant.now()).build();
        send(Topics.SCORING_REQUESTS, request.getRequestId(), List.of(request));
        ScoringResult result = KafkaTestSupport.drain(PREFIX + Topics.SCORING_RESULTS, new StringDeserializer(),
                new EventDeserializer<>(ScoringResult.class),
                l -> l.stream().anyMatch(r -> r.key().equals(request.getRequestId())), Duration.ofSeconds(120)).stream()
                .filter(r -> r.key().equals(request.getRequestId())).map(ConsumerRecord::value).findFirst()
                .orElseThrow();
        assertThat(result.getError()).isNull();
        assertThat(result.getVersion()).isEqualTo(2);
        assertThat(result.getResults()).hasSize(1);
        assertThat(result.getResults().get(0).getProbabilities()).containsOnlyKeys("ham", "spam");
        // Prometheus: the topic path's latency histogram (buckets and percentiles), and the scoring group's lag per
        // partition of the requests topic, 0 once the request is answered
        assertThat(metric("tunestream_evaluator_scoring_topic_seconds_count", "outcome=\"answered\"")).isEqualTo(1);
        assertThat(metric("tunestream_evaluator_scoring_topic_seconds_bucket", "outcome=\"answered\"", "le=\"+Inf\""))
                .isEqualTo(1);
        assertThat(metric("tunestream_evaluator_scoring_topic_seconds", "outcome=\"answered\"", "quantile=\"0.95\""))
                .isPositive();
        String lag = "kafka_consumer_fetch_manager_records_lag";
        String group = "consumer_group=\"tunestream-scoring\"";
        String topic = "topic=\"" + PREFIX + Topics.SCORING_REQUESTS + "\"";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> metricLines(lag, group, topic, "partition=").count() > 0
                        && metricLines(lag, group, topic, "partition=").allMatch(l -> l.endsWith(" 0.0")));
    }

    /** The value of the one sample of {@code name} with all of {@code labels} on /q/metrics; NaN when absent. */
    private static double metric(String name, String... labels) {
        return metricLines(name, labels).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private static Stream<String> metricLines(String name, String... labels) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> (l.startsWith(name + "{") || l.startsWith(name + " "))
                        && Arrays.stream(labels).allMatch(l::contains));
    }

    @Test
    @Order(5)
    @Timeout(300)
    void shouldDeadLetterCheckpointsThatCannotBeEvaluated() throws Exception {
        // Given a checkpoint whose bytes do not match its checksum, and one of a dataset that does not exist
        String corrupt = "job-corrupt-" + UUID.randomUUID().toString().substring(0, 6);
        List<Checkpoint> bad = CheckpointEvents.finalCheckpoint(corrupt, MODEL,
                CheckpointEvents.lineage(DATASET, "1", corrupt), trained, 1 << 20);
        bad.get(0).setSha256("0".repeat(64));
        String orphan = "job-orphan-" + UUID.randomUUID().toString().substring(0, 6);
        // When
        send(Topics.TRAINING_CHECKPOINTS, corrupt, bad);
        send(Topics.TRAINING_CHECKPOINTS, orphan, CheckpointEvents.finalCheckpoint(orphan, MODEL,
                CheckpointEvents.lineage("no-such-dataset", "1", orphan), trained, 1 << 20));
        // Then both are in the dead-letter topic with their reasons, and no evaluation of either exists
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.drain(
                Topics.dlq(PREFIX + Topics.TRAINING_CHECKPOINTS), new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), l -> l.size() >= 2, Duration.ofSeconds(180));
        assertThat(dead).extracting(r -> DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON))
                .containsExactlyInAnyOrder("CHECKPOINT_INTEGRITY", "DATASET_UNKNOWN");
        assertThat(evaluations()).noneMatch(e -> e.getJobId().equals(corrupt) || e.getJobId().equals(orphan));
    }

    @Test
    @Order(6)
    @Timeout(300)
    void shouldAnswerForEvaluationsPublishedElsewhereAndReevaluateWhenTheCheckpointFileIsGone() throws Exception {
        // Given an evaluation this instance never made (another replica's, or its own before a restart)
        Evaluation theirs = awaitEvaluation(firstJob);
        String elsewhere = "job-elsewhere-" + UUID.randomUUID().toString().substring(0, 6);
        theirs.setJobId(elsewhere);
        theirs.setEvaluationId("eval-" + elsewhere + "-final");
        send(Topics.EVALUATIONS, MODEL, List.of(theirs));
        // When / Then it is answered over REST like the evaluations this instance made
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                as(READER).get("/api/evaluations/" + theirs.getEvaluationId()).then().statusCode(200)
                        .body("state", equalTo("DONE")).body("jobId", equalTo(elsewhere)));
        as(READER).get("/api/evaluations").then().statusCode(200)
                .body("evaluationId", org.hamcrest.Matchers.hasItem(theirs.getEvaluationId()));

        // Given the first job's assembled checkpoint file is gone (a new pod's empty work directory, say)
        try (var files = Files.walk(Path.of("target", "evaluator-work"))) {
            List<Path> assembled = files.filter(f -> f.getFileName().toString().equals(firstJob + "-final.safetensors"))
                    .toList();
            assertThat(assembled).as("the first job's assembled checkpoint").isNotEmpty();
            for (Path f : assembled) {
                Files.delete(f);
            }
        }
        // and callers without the evaluator role cannot have it evaluated again (the count below would show it)
        String request = "{\"jobId\":\"" + firstJob + "\"}";
        given().contentType("application/json").body(request).post("/api/evaluations").then().statusCode(401);
        as(READER).contentType("application/json").body(request).post("/api/evaluations").then().statusCode(403);
        as(TRAINER).contentType("application/json").body(request).post("/api/evaluations").then().statusCode(403);
        // When it is evaluated again on request
        String id = as(EVALUATOR).contentType("application/json").body("{\"jobId\":\"" + firstJob + "\"}")
                .post("/api/evaluations").then().statusCode(202).extract().path("evaluationId");
        // Then the checkpoint is reassembled from the checkpoints topic and evaluated as the first time
        assertThat(id).isEqualTo("eval-" + firstJob + "-final");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(240)).untilAsserted(() ->
                as(READER).get("/api/evaluations/" + id).then().statusCode(200).body("state", equalTo("DONE")));
        List<Evaluation> again = evaluations().stream().filter(e -> e.getJobId().equals(firstJob)).toList();
        assertThat(again).hasSize(2);
        assertThat(again.get(1).getMetrics()).isEqualTo(again.get(0).getMetrics());
    }

    @Test
    @Order(7)
    @Timeout(400)
    void shouldAnswer429WhenOneCallerAlreadyRunsTheMostReevaluations() {
        // Given the first job, evaluated before
        long before = evaluations().stream().filter(e -> e.getJobId().equals(firstJob)).count();
        String request = "{\"jobId\":\"" + firstJob + "\"}";
        // When one caller asks three times at once (each re-evaluation holds its place until it ends; at most 2)
        as(EVALUATOR).contentType("application/json").body(request).post("/api/evaluations").then().statusCode(202);
        as(EVALUATOR).contentType("application/json").body(request).post("/api/evaluations").then().statusCode(202);
        // Then the third is refused, and nothing more is evaluated for it
        as(EVALUATOR).contentType("application/json").body(request).post("/api/evaluations").then().statusCode(429)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("at most 2 at once"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(240)).until(
                () -> evaluations().stream().filter(e -> e.getJobId().equals(firstJob)).count() == before + 2);
        // and once both have ended the caller has its places back
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                as(EVALUATOR).contentType("application/json").body(request).post("/api/evaluations").then()
                        .statusCode(202));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(240)).until(
                () -> evaluations().stream().filter(e -> e.getJobId().equals(firstJob)).count() == before + 3);
    }

    private static void register(int version, List<String> aliases, Lineage lineage, Path weights) throws Exception {
        Path stored = Files.createDirectories(Path.of("target", "registry-store", MODEL))
                .resolve(version + ".safetensors");
        Files.copy(weights, stored, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ModelVersion v = CheckpointEvents.version(MODEL, version, aliases, lineage,
                stored.toAbsolutePath().toUri().toString(), io.tunestream.model.events.Sha256.of(stored));
        send(Topics.MODELS, MODEL + "/" + version, List.of(v));
    }

    private static <T extends SpecificRecord> void send(String base, String key, List<T> events) {
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestSupport.producer(Map.of(),
                new StringSerializer(), new AnyEventSerializer())) {
            for (T event : events) {
                producer.send(new ProducerRecord<>(PREFIX + base, key, event));
            }
            producer.flush();
        }
    }

    private static List<Evaluation> evaluations() {
        return KafkaTestSupport.drain(PREFIX + Topics.EVALUATIONS, new StringDeserializer(),
                new EventDeserializer<>(Evaluation.class), l -> false, Duration.ofSeconds(3)).stream()
                .map(ConsumerRecord::value).toList();
    }

    private static Evaluation awaitEvaluation(String jobId) {
        return KafkaTestSupport.drain(PREFIX + Topics.EVALUATIONS, new StringDeserializer(),
                new EventDeserializer<>(Evaluation.class),
                l -> l.stream().anyMatch(r -> r.value().getJobId().equals(jobId)), Duration.ofMinutes(8)).stream()
                .map(ConsumerRecord::value).filter(e -> e.getJobId().equals(jobId)).findFirst()
                .orElseThrow(() -> new AssertionError("no evaluation of " + jobId + " within 8 minutes"));
    }

    private static void screenshot(Path html) throws Exception {
        Optional<Path> chromium = ReportScreenshotTest.findChromium();
        if (chromium.isEmpty()) {
            System.out.println("no chromium: the report's screenshot check is skipped (apt-get install -y chromium)");
            return;
        }
        Path png = html.resolveSibling("screenshot.png");
        int exit = ReportScreenshotTest.screenshot(chromium.get(), html, png, Files.createTempDirectory("chromium-"));
        assertThat(exit).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(EvaluationChartsTest.distinctColours(image)).isGreaterThan(500);
        assertThat(ReportScreenshotTest.near(image, ReportScreenshotTest.HEAT_MAP_DARKEST, 6))
                .as("pixels of the confusion matrix heat map's darkest cell").isGreaterThan(5_000);
    }
}
