package io.tunestream.trainer.it;

import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaTestSupport;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.testsupport.PreparedDatasets;

import static io.restassured.RestAssured.given;
import static io.tunestream.security.Roles.PUBLISHER;
import static io.tunestream.security.Roles.READER;
import static io.tunestream.security.Roles.TRAINER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import ai.djl.ndarray.NDManager;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.MetricKind;
import io.tunestream.events.Split;
import io.tunestream.events.TrainingMetric;
import io.tunestream.model.DjlRuntime;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.events.Sha256;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.peft.MethodConfig;
import io.tunestream.testsupport.KafkaBrokerResource;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** The trainer through the real broker and its REST API: bad requests, bad datasets, and a real LoRA job. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingJobTest {

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @Order(2)
    @Timeout(60)
    void shouldAnswer400AndDeleteNothingWhenJobIdWouldEscapeTheWorkRoot() throws Exception {
        // Given a canary in the work root and one beside it
        Path[] canaries = canaries();
        for (String jobId : List.of(".", "..", "%2e%2e", "a/..", "/etc")) {
            // When
            as(TRAINER).contentType("application/json").body(body(jobId, "ds", "")).post("/jobs")
                    // Then
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors", hasItem(startsWith("jobId '" + jobId + "' must")));
        }
        as(TRAINER).delete("/jobs/%2e%2e").then().statusCode(400).contentType("application/problem+json");
        assertCanariesIntact(canaries);
    }

    @Test
    @Order(2)
    @Timeout(60)
    void shouldFailARequestFromTheTopicWhoseJobIdWouldEscapeAndDeleteNothing() throws Exception {
        // Given canaries, and requests written straight to the requests topic (no REST check)
        Path[] canaries = canaries();
        String topic = io.tunestream.schemas.Topics.name("tunestream.", io.tunestream.schemas.Topics.TRAINING_REQUESTS);
        try (var producer = io.tunestream.testsupport.KafkaTestSupport.producer(Map.of(),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new io.tunestream.schemas.serde.EventSerializer<>(io.tunestream.events.TrainingRequest.class))) {
            for (String jobId : List.of(".", "..")) {
                var request = topicRequest(jobId);
                // When
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, jobId, request)).get();
            }
        }
        // Then each ends FAILED with the reason, and nothing outside the job directories was touched
        for (String jobId : List.of(".", "..")) {
            await().atMost(Duration.ofSeconds(45)).until(() -> TopicLog.statuses(jobId).stream()
                    .anyMatch(s -> s.getState() == JobState.FAILED));
            JobStatus failed = TopicLog.statuses(jobId).stream().filter(s -> s.getState() == JobState.FAILED)
                    .findFirst().orElseThrow();
            assertThat(failed.getMessage()).startsWith("INVALID_REQUEST: jobId '" + jobId + "' must not be '.' or '..'");
        }
        assertCanariesIntact(canaries);
    }

    /**
     * A request with every field set: Avro's builder defaults would be built in another class loader than the
     * Quarkus test's (a ClassCastException on the enums).
     */
    static io.tunestream.events.TrainingRequest topicRequest(String jobId) {
        var method = new io.tunestream.events.MethodConfig(io.tunestream.events.Method.LORA, 8, 16f, 0.1f,
                List.of("query", "value"), 64, 20, null, false);
        var hyper = new io.tunestream.events.HyperParameters(3, null, 16, 1, 2e-4, null, 0.06,
                io.tunestream.events.Schedule.COSINE, 0.01, 128, 1.0, null, null, null, "val_loss", true, null, null);
        return new io.tunestream.events.TrainingRequest(jobId, "spam", "ds", "1", "bundled:all-minilm-l6-v2",
                io.tunestream.events.Task.CLASSIFICATION, method, hyper, null, 42L, null, null, "test", java.time.Instant.now(), null);
    }

    /** A canary file in the trainer's work root, one in the artifact root, and one beside them. */
    static Path[] canaries() throws java.io.IOException {
        Path work = Files.createDirectories(Path.of("target", "trainer-work"));
        Path artifacts = Files.createDirectories(Path.of("target", "artifacts"));
        Path[] canaries = {work.resolve("canary.txt"), artifacts.resolve("canary.txt"), Path.of("target", "canary.txt")};
        for (Path c : canaries) {
            Files.writeString(c, "canary " + c);
        }
        return canaries;
    }

    static void assertCanariesIntact(Path[] canaries) throws java.io.IOException {
        for (Path c : canaries) {
            assertThat(c).exists();
            assertThat(Files.readString(c)).isEqualTo("canary " + c);
        }
    }

    static String body(String jobId, String datasetId, String extraHyper) {
        return """
                {"jobId":"%s","datasetId":"%s","datasetVersion":"1","modelName":"spam",
                 "method":{"type":"LORA","loraRank":8,"loraAlpha":16},
                 "hyperParameters":{"batchSize":8,"maxSequenceLength":64,"learningRate":0.001,"warmupRatio":0.1%s},
                 "seed":7}""".formatted(jobId, datasetId, extraHyper);
    }

    static JobStatus awaitState(String jobId, JobState state, Duration timeout) {
        String ended = await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(
                () -> as(READER).get("/jobs/" + jobId).then().extract().<String>path("state"),
                s -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(s));
        List<JobStatus> statuses = TopicLog.statuses(jobId);
        JobStatus last = statuses.get(statuses.size() - 1);
        assertThat(ended).as("job %s ended: %s", jobId, last.getMessage()).isEqualTo(state.name());
        return last;
    }

    @Test
    @Order(1)
    @Timeout(60)
    void shouldAnswer400WithEveryProblemWhenRequestIsInvalid() {
        as(TRAINER).contentType("application/json").body("""
                {"datasetId":"ds","datasetVersion":"1","method":{"type":"LORA","loraRank":0},
                 "hyperParameters":{"batchSize":0,"learningRate":-1,"schedule":"SAWTOOTH"}}""")
                .post("/jobs").then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem(startsWith("hyperParameters.batchSize must be in [1, 512], got: 0")))
                .body("errors", hasItem(startsWith("hyperParameters.learningRate must be in (0, 1]")))
                .body("errors", hasItem(startsWith("method.loraRank must be in [1, 1024]")))
                .body("errors", hasItem(startsWith("hyperParameters.schedule must be one of")));
    }

    @Test
    @Order(2)
    @Timeout(60)
    void shouldAnswer400WhenBodyHasUnknownField() {
        as(TRAINER).contentType("application/json")
                .body("{\"datasetId\":\"ds\",\"datasetVersion\":\"1\",\"method\":{\"type\":\"LORA\",\"rank\":4}}")
                .post("/jobs").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("unknown field: rank"));
        as(READER).get("/jobs/no-such-job").then().statusCode(404);
    }

    @Test
    @Order(3)
    @Timeout(60)
    void shouldDeadLetterARequestThatCannotBeDecoded() {
        // Given bytes that are no Avro event
        String topic = io.tunestream.schemas.Topics.name("tunestream.", io.tunestream.schemas.Topics.TRAINING_REQUESTS);
        String marker = newId("garbage");
        try (var producer = io.tunestream.testsupport.KafkaTestSupport.stringProducer()) {
            // When
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, marker, "not avro " + marker));
        }
        // Then: the original bytes land on the DLQ with the reason and where they came from
        var dead = io.tunestream.testsupport.KafkaTestSupport.drain(io.tunestream.schemas.Topics.dlq(topic),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                records -> records.stream().anyMatch(r -> marker.equals(r.key())), Duration.ofSeconds(30));
        var record = dead.stream().filter(r -> marker.equals(r.key())).findFirst().orElseThrow();
        assertThat(record.value()).isEqualTo("not avro " + marker);
        // in the one dead-letter vocabulary of every stage (tunestream.dlq.*)
        assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
        assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE");
        assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.STAGE)).isEqualTo("trainer");
    }

    @Test
    @Order(4)
    @Timeout(90)
    void shouldFailQuicklyWithReasonWhenDatasetIsUnknown() {
        // Given
        String jobId = newId("unknown");
        // When
        as(TRAINER).contentType("application/json").body(body(jobId, newId("nothing"), "")).post("/jobs")
                .then().statusCode(202).body("jobId", equalTo(jobId));
        // Then
        JobStatus last = awaitState(jobId, JobState.FAILED, Duration.ofSeconds(60));
        assertThat(last.getMessage()).startsWith("UNKNOWN_DATASET: no dataset");
        assertThat(TopicLog.checkpoints(jobId)).isEmpty();
    }

    @Test
    @Order(4)
    @Timeout(90)
    void shouldFailWithTheStagesReasonWhenADataStageRejectedTheVersion() throws Exception {
        // Given a version that clean refused (its REJECTED report), so it never reaches the prepared topic
        String datasetId = newId("rejected");
        StageReport refusal = StageReport.newBuilder().setReportId("clean-" + datasetId + "-1").setDatasetId(datasetId)
                .setVersion("1").setStage("clean").setRecordsIn(3).setRecordsOut(0).setStatus(StageStatus.REJECTED)
                .setMessage("every record was dropped (EMPTY_TEXT=3)").setProducedAt(Instant.now()).build();
        try (KafkaProducer<String, StageReport> producer = KafkaTestSupport.producer(Map.of(), new StringSerializer(),
                new EventSerializer<>(StageReport.class))) {
            producer.send(new ProducerRecord<>(Topics.name("tunestream.", Topics.DATASETS_REPORTS), datasetId, refusal))
                    .get();
        }
        String jobId = newId("rejected");
        // When a job asks for it
        as(TRAINER).contentType("application/json").body(body(jobId, datasetId, "")).post("/jobs").then().statusCode(202);
        // Then it fails with the stage and its reason, not as an unknown dataset
        JobStatus last = awaitState(jobId, JobState.FAILED, Duration.ofSeconds(60));
        assertThat(last.getMessage()).isEqualTo("DATASET_REJECTED: clean rejected " + datasetId
                + "@1: every record was dropped (EMPTY_TEXT=3)");
    }

    @Test
    @Order(5)
    @Timeout(90)
    void shouldFailWithReasonWhenValidationLabelsAreNotInTrain() {
        // Given
        String datasetId = newId("mismatch");
        PreparedDatasets.publish(datasetId, "1", List.of(new PreparedDatasets.Row("cheap pills", "spam", Split.TRAIN),
                new PreparedDatasets.Row("lunch?", "ham", Split.TRAIN),
                new PreparedDatasets.Row("hello", "phishing", Split.VALIDATION)), Map.of());
        String jobId = newId("mismatch");
        // When
        as(TRAINER).contentType("application/json").body(body(jobId, datasetId, "")).post("/jobs").then().statusCode(202);
        // Then
        JobStatus last = awaitState(jobId, JobState.FAILED, Duration.ofSeconds(60));
        assertThat(last.getMessage()).startsWith("LABEL_MISMATCH: VALIDATION labels [phishing]");
    }

    @Test
    @Order(6)
    @Timeout(600)
    void shouldTrainLoraAndStreamMetricsAndCheckpointsWhenDatasetIsSealed() throws Exception {
        // Given 200 real SpamAssassin messages (160 train, 40 validation), sealed on datasets.prepared
        String datasetId = newId("spam");
        List<PreparedDatasets.Row> rows = PreparedDatasets.spamAssassin(100);
        PreparedDatasets.publish(datasetId, "1", rows, Map.of("balance", "none"));
        String jobId = newId("lora");
        // When
        as(TRAINER).contentType("application/json").body(body(jobId, datasetId, ",\"maxSteps\":8,\"evalEverySteps\":4"))
                .post("/jobs").then().statusCode(202);
        // Then: status QUEUED -> RUNNING ... -> SUCCEEDED
        JobStatus last = awaitState(jobId, JobState.SUCCEEDED, Duration.ofSeconds(540));
        assertThat(last.getStep()).isEqualTo(8);
        assertThat(TopicLog.statuses(jobId)).extracting(JobStatus::getState).startsWith(JobState.QUEUED, JobState.RUNNING)
                .endsWith(JobState.SUCCEEDED);
        // metrics in step order: training points every 2 steps, evaluations at 4 and 8
        List<TrainingMetric> metrics = TopicLog.metrics(jobId);
        assertThat(metrics).extracting(TrainingMetric::getStep).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(metrics.stream().filter(m -> m.getKind() == MetricKind.TRAIN).map(TrainingMetric::getStep))
                .containsExactly(2L, 4L, 6L, 8L);
        assertThat(metrics.stream().filter(m -> m.getKind() == MetricKind.EVAL).map(TrainingMetric::getStep))
                .containsExactly(4L, 8L);
        assertThat(metrics.get(0).getSamplesPerSecond()).isPositive();
        // checkpoints at each evaluation and a final one, inline with lineage
        List<Checkpoint> checkpoints = TopicLog.checkpoints(jobId);
        assertThat(checkpoints).extracting(Checkpoint::getCheckpointId)
                .containsExactly(jobId + "-step-4", jobId + "-step-8", jobId + "-final");
        Checkpoint fin = checkpoints.get(2);
        assertThat(fin.getStorage()).isEqualTo(CheckpointStorage.INLINE);
        assertThat(fin.getLabels()).containsExactly("ham", "spam");
        assertThat(fin.getLineage().getDatasetId()).isEqualTo(datasetId);
        assertThat(fin.getLineage().getBaseModelSha256()).hasSize(64);
        assertThat(fin.getLineage().getConfig()).containsEntry("method.loraRank", "8");
        assertReloadsToTheSameModel(fin, rows);
    }

    @Test
    @Order(7)
    @Timeout(300)
    void shouldStopARunningJobWhenCancelled() throws Exception {
        // Given a long job that is running
        String datasetId = newId("cancel");
        PreparedDatasets.publish(datasetId, "1", PreparedDatasets.spamAssassin(20), Map.of());
        String jobId = newId("cancel");
        as(TRAINER).contentType("application/json").body(body(jobId, datasetId, ",\"maxSteps\":500"))
                .post("/jobs").then().statusCode(202);
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> as(READER).get("/jobs/" + jobId).then().extract().<Integer>path("step"), s -> s != null && s >= 5);
        // a caller without the trainer role cannot stop it
        given().delete("/jobs/" + jobId).then().statusCode(401);
        as(PUBLISHER).delete("/jobs/" + jobId).then().statusCode(403);
        as(READER).post("/jobs/" + jobId + "/cancel").then().statusCode(403);
        as(READER).get("/jobs/" + jobId).then().body("state", equalTo("RUNNING"));
        // ... whose gauges Prometheus sees move, in a trainer whose consumers are all alive
        String jobTag = "{job=\"" + jobId + "\"}";
        double first = gaugeValue("tunestream_trainer_job_step" + jobTag);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> gaugeValue("tunestream_trainer_job_step" + jobTag) > first);
        assertThat(gaugeValue("tunestream_trainer_job_loss" + jobTag)).isPositive();
        assertThat(gaugeValue("tunestream_trainer_job_samples_per_second" + jobTag)).isPositive();
        assertThat(gaugeValue("tunestream_trainer_jobs{state=\"RUNNING\"}")).isGreaterThanOrEqualTo(1);
        // ... and the worker group's lag on the requests topic, per partition
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> given().get("/q/metrics")
                .then().extract().asString().lines().anyMatch(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag{")
                        && l.contains("consumer_group=\"tunestream-trainer-test\"")
                        && l.contains("topic=\"tunestream.training.requests\"") && l.contains("partition=\"")));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'trainer-consumers' }.data.'jobs-view'", equalTo(true));
        // When
        as(TRAINER).delete("/jobs/" + jobId).then().statusCode(202).body("state", equalTo("CANCELLED"));
        // Then: the worker stops at its next step and says where
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                () -> as(READER).get("/jobs/" + jobId).then().extract().<String>path("message"),
                m -> m != null && m.startsWith("cancelled after step"));
        JobStatus last = TopicLog.statuses(jobId).get(TopicLog.statuses(jobId).size() - 1);
        assertThat(last.getState()).isEqualTo(JobState.CANCELLED);
        assertThat(last.getStep()).isLessThan(500);
        as(TRAINER).delete("/jobs/" + jobId).then().statusCode(409);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(
                () -> given().get("/q/metrics").then().extract().asString(), m -> !m.contains(jobTag));
        assertThat(gaugeValue("tunestream_trainer_jobs{state=\"CANCELLED\"}")).isGreaterThanOrEqualTo(1);
    }

    /** The value of one Prometheus sample ({@code name{labels}}) on /q/metrics; NaN when absent. */
    static double gaugeValue(String sample) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(sample + " ")).mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1)))
                .findFirst().orElse(Double.NaN);
    }

    /** The final checkpoint's bytes (sha256-checked) reproduce the reported validation metrics in a fresh model. */
    static void assertReloadsToTheSameModel(Checkpoint fin, List<PreparedDatasets.Row> rows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(fin.getInlineData().array(), fin.getInlineData().arrayOffset() + fin.getInlineData().position(),
                fin.getInlineData().remaining());
        assertThat(fin.getChunkCount()).isEqualTo(1);
        assertThat(Sha256.of(bytes.toByteArray())).isEqualTo(fin.getSha256());
        Path file = Files.createTempFile("final", ".safetensors");
        Files.write(file, bytes.toByteArray());
        List<PreparedDatasets.Row> validation = rows.stream().filter(r -> r.split() == Split.VALIDATION).toList();
        List<String> texts = validation.stream().map(PreparedDatasets.Row::text).toList();
        DjlRuntime.configure();
        float[][] a = predictWithReloaded(file, texts, 1);
        float[][] b = predictWithReloaded(file, texts, 99);
        assertThat(b).isDeepEqualTo(a);
        double loss = 0;
        int right = 0;
        for (int i = 0; i < a.length; i++) {
            int truth = fin.getLabels().indexOf(validation.get(i).label());
            loss -= Math.log(a[i][truth]);
            right += (a[i][truth] >= a[i][1 - truth]) ? 1 : 0;
        }
        assertThat(loss / a.length).isCloseTo(fin.getMetrics().get("val_loss"), within(1e-4));
        assertThat((double) right / a.length).isCloseTo(fin.getMetrics().get("accuracy"), within(1e-9));
    }

    /** A fresh MiniLM + LoRA (initialised with another seed) + head, loaded from the checkpoint file. */
    static float[][] predictWithReloaded(Path file, List<String> texts, long seed) {
        try (NDManager manager = NDManager.newBaseManager();
                PretrainedModel base = PretrainedModels.loadBundledMiniLm(manager, 64)) {
            return reload(base, manager, file, seed).predict(texts, manager);
        }
    }

    static TextClassifier reload(PretrainedModel base, NDManager manager, Path file, long seed) {
        TextClassifier clf = TextClassifier.create(base, new MethodConfig.Lora(8, 16, 0.1f, List.of("query", "value")),
                HeadConfig.classification(2), manager, seed);
        clf.loadTrainable(file, manager);
        return clf;
    }
}
