package io.tunestream.registry.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.events.StageReport;
import io.tunestream.registry.artifact.FileArtifactStore;
import io.tunestream.registry.streams.RegistryTopics;
import io.tunestream.registry.support.Evaluations;
import io.tunestream.registry.support.PublicUrlResource;
import io.tunestream.registry.support.RegistryFixture;
import io.tunestream.registry.support.StageReportsFixture;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import io.tunestream.testsupport.KafkaBrokerResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.tunestream.security.Roles.ADMIN;
import static io.tunestream.security.Roles.READER;
import static io.tunestream.testsupport.ApiTokens.as;
import static io.tunestream.testsupport.ApiTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PublicUrlResource.class)
@Timeout(120)
class RegistryServiceTest {

    static final Path WEIGHTS = Path.of("target/it-weights");

    @Inject
    RegistryTopics topics;

    @Inject
    FileArtifactStore store;

    @ConfigProperty(name = "tunestream.registry.public-url")
    String publicUrl;

    @Test
    void shouldRegisterVersionsWithFullLineageAndServeTheVerifiedArtifactWhenEvaluationsArrive() throws Exception {
        // Given
        Evaluation evaluation = RegistryFixture.withWeights("lin-1", "lineage", WEIGHTS, "lora weights v1");

        // When
        RegistryFixture.publish(topics, evaluation);

        // Then
        awaitVersion("lineage", 1);
        as(READER).get("/api/models/lineage/versions/1/lineage").then().statusCode(200)
                .body("datasetId", equalTo("spam")).body("datasetVersion", equalTo("v3"))
                .body("jobId", equalTo("job-lin-1")).body("baseModel", equalTo("bundled:all-minilm-l6-v2"))
                .body("tokenizerSha256", equalTo("cd".repeat(32))).body("config.'lora.rank'", equalTo("8"))
                .body("seed", equalTo(42)).body("codeVersion", equalTo("0.1.0-SNAPSHOT"));
        as(READER).get("/api/models/lineage/versions/1/metrics").then().body("accuracy", equalTo(0.95f));
        var download = as(READER).get("/api/models/lineage/versions/1/artifact").then().statusCode(200)
                .header("X-Checksum-SHA256", evaluation.getArtifactSha256())
                .header("Digest", containsString("sha-256=")).extract();
        assertThat(download.asString()).isEqualTo("lora weights v1");
    }

    @Test
    void shouldCreateNothingNewWhenAnEvaluationIsDuplicated() throws Exception {
        // When: the same evaluation twice, then another; registrations of a model apply in order
        RegistryFixture.publish(topics, Evaluations.blessed("dup-1", "dup"), Evaluations.blessed("dup-1", "dup"),
                Evaluations.blessed("dup-2", "dup"));

        // Then
        awaitVersion("dup", 2);
        as(READER).get("/api/models/dup/versions").then().statusCode(200)
                .body("version", equalTo(List.of(1, 2))).body("evaluationId", equalTo(List.of("dup-1", "dup-2")));
        as(READER).get("/api/models/dup/versions/3").then().statusCode(404);
    }

    @Test
    void shouldEmitDeploymentEventsInOrderWhenPromotedThenRolledBack() throws Exception {
        // Given
        RegistryFixture.publish(topics, Evaluations.blessed("ord-1", "ordered"), Evaluations.blessed("ord-2", "ordered"));
        awaitVersion("ordered", 2);

        // When
        promote("ordered", "champion", 1).then().statusCode(200).body("version", equalTo(1));
        promote("ordered", "champion", 2).then().statusCode(200).body("previousVersion", equalTo(1));
        as(ADMIN).post("/api/models/ordered/aliases/champion/rollback").then().statusCode(200)
                .body("version", equalTo(1)).body("previousVersion", equalTo(2));

        // Then
        List<DeploymentEvent> events = RegistryFixture.deployments(topics, "ordered", e -> e.size() >= 3);
        assertThat(events).extracting(e -> e.getAction() + ":" + e.getVersion())
                .containsExactly("PROMOTE:1", "PROMOTE:2", "ROLLBACK:1");
        assertThat(events).extracting(DeploymentEvent::getActor).containsOnly("admin-token");
        as(READER).get("/api/models/ordered/aliases").then().body("champion", equalTo(1));
        as(READER).get("/api/models/ordered/aliases/champion").then().body("version", equalTo(1));
    }

    @Test
    void shouldAnnounceADownloadUrlThatServesTheVerifiedWeightsWhenAVersionIsPromoted() throws Exception {
        // Given a registered version with weights
        Evaluation evaluation = RegistryFixture.withWeights("url-1", "fetchable", WEIGHTS, "lora weights to fetch");
        RegistryFixture.publish(topics, evaluation);
        awaitVersion("fetchable", 1);

        // When it is promoted
        promote("fetchable", "champion", 1).then().statusCode(200);

        // Then the deployment event names the registry's download URL, not a file of its volume
        DeploymentEvent event = RegistryFixture.deployments(topics, "fetchable", e -> !e.isEmpty()).get(0);
        assertThat(event.getArtifactUri()).isEqualTo(
                publicUrl + "/api/models/fetchable/versions/1/artifact").doesNotStartWith("file:");
        // and downloading through exactly that URL, with a reader token, gives the bytes of the announced SHA-256
        HttpClient http = HttpClient.newHttpClient();
        URI url = URI.create(event.getArtifactUri());
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + token(READER)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())))
                .isEqualTo(event.getArtifactSha256()).isEqualTo(evaluation.getArtifactSha256());
        // and the URL is secured like every other read
        assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void shouldAnswerClearErrorsWhenAChangeIsInvalid() throws Exception {
        // Given
        RegistryFixture.publish(topics, Evaluations.blessed("inv-1", "invalid"));
        awaitVersion("invalid", 1);

        // When / Then
        promote("invalid", "champion", 9).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("model invalid has no version 9"));
        as(ADMIN).post("/api/models/invalid/aliases/champion/rollback").then().statusCode(404);
        promote("invalid", "Bad/Alias", 1).then().statusCode(anyOf(equalTo(400), equalTo(404)));
        as(ADMIN).post("/api/models/invalid/versions/1/archive").then().statusCode(200);
        promote("invalid", "champion", 1).then().statusCode(409).body("detail", containsString("archived"));
    }

    @Test
    void shouldReadNothingOutsideTheStoreWhenAPathTriesToEscape() throws Exception {
        // Given: a secret beside the store, and a link inside a version directory pointing at it
        Path secret = Files.writeString(Files.createDirectories(WEIGHTS).resolve("secret.txt"), "top-secret");
        RegistryFixture.publish(topics, RegistryFixture.withWeights("trav-1", "files", WEIGHTS, "w"));
        awaitVersion("files", 1);
        Path link = store.root().resolve("files/1/link.bin");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, secret.toAbsolutePath());

        // When / Then
        as(READER).get("/api/models/files/versions/1/files/trav-1-adapter.bin").then().statusCode(200)
                .body(equalTo("w"));
        for (String attempt : List.of("..%2F..%2F..%2Fit-weights%2Fsecret.txt", "%2E%2E%2F%2E%2E%2Fsecret.txt",
                "%2Fetc%2Fpasswd", "..%5C..%5Csecret.txt", "link.bin")) {
            as(READER).urlEncodingEnabled(false).get("/api/models/files/versions/1/files/" + attempt).then()
                    .statusCode(anyOf(equalTo(400), equalTo(404))).body(not(containsString("top-secret")))
                    .body(not(containsString("root:")));
        }
        as(READER).urlEncodingEnabled(false).get("/api/models/..%2F..%2Fit-weights/versions/1/files/secret.txt").then()
                .statusCode(anyOf(equalTo(400), equalTo(404))).body(not(containsString("top-secret")));
    }

    @Test
    void shouldCopyAndServeThePeftExportWhenTheWeightsHaveOne() throws Exception {
        // Given LoRA weights with the evaluator's PEFT export beside them
        Path dir = Files.createDirectories(WEIGHTS.resolve("peft-case"));
        Path weights = Files.writeString(dir.resolve("job-p-final.safetensors"), "lora weights");
        Path peft = Files.createDirectories(dir.resolve("job-p-final.peft"));
        Files.writeString(peft.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 8}");
        Files.writeString(peft.resolve("adapter_model.safetensors"), "adapter bytes");
        Evaluation evaluation = Evaluations.builder("peft-1", "exported", true)
                .setArtifactUri(weights.toUri().toString()).setArtifactSha256(FileArtifactStore.sha256(weights)).build();

        // When
        RegistryFixture.publish(topics, evaluation);

        // Then the export is listed and served from the store, with checksums
        awaitVersion("exported", 1);
        String configSha = FileArtifactStore.sha256(peft.resolve("adapter_config.json"));
        as(READER).get("/api/models/exported/versions/1/peft").then().statusCode(200)
                .body("files.path", equalTo(List.of("peft/adapter_config.json", "peft/adapter_model.safetensors")))
                .body("files[0].sha256", equalTo(configSha))
                .body("files[0].href", equalTo("/api/models/exported/versions/1/files/peft/adapter_config.json"));
        as(READER).get("/api/models/exported/versions/1/files/peft/adapter_config.json").then().statusCode(200)
                .header("X-Checksum-SHA256", configSha).body(containsString("\"peft_type\": \"LORA\""));
        as(READER).get("/api/models/exported/versions/1/files/peft/adapter_model.safetensors").then().statusCode(200)
                .body(equalTo("adapter bytes"));
        for (String attempt : List.of("peft%2F..%2F..%2F..%2Fit-weights%2Fpeft-case%2Fjob-p-final.safetensors",
                "peft/../../../it-weights/peft-case/job-p-final.peft/adapter_config.json", "peft%2F%2E%2E%2F%2E%2E")) {
            as(READER).urlEncodingEnabled(false).get("/api/models/exported/versions/1/files/" + attempt).then()
                    .statusCode(anyOf(equalTo(400), equalTo(404))).body(not(containsString("LORA")));
        }
        // a version without an export says so
        RegistryFixture.publish(topics, Evaluations.blessed("peft-2", "exported"));
        awaitVersion("exported", 2);
        as(READER).get("/api/models/exported/versions/2/peft").then().statusCode(404);
    }

    @Test
    void shouldShowTheDatasetsStageReportsInTheLineage() throws Exception {
        // Given the data stages' reports of the dataset version the evaluation names (spam@v3), in any order
        try (KafkaProducer<String, StageReport> producer = KafkaTestSupport.producer(Map.of(), new StringSerializer(),
                new EventSerializer<>(StageReport.class))) {
            for (StageReport report : StageReportsFixture.pipeline("spam", "v3")) {
                producer.send(new ProducerRecord<>(topics.reports(), "spam@v3", report)).get();
            }
        }

        // When a version trained on it is registered
        RegistryFixture.publish(topics, Evaluations.blessed("rep-1", "reported"));
        awaitVersion("reported", 1);

        // Then its lineage lists the four reports in pipeline order, with drops by reason and dead letters
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(READER).get("/api/models/reported/versions/1/lineage").then().statusCode(200)
                        .body("datasetId", equalTo("spam")).body("datasetVersion", equalTo("v3"))
                        .body("stageReports.stage", equalTo(List.of("ingest", "clean", "split", "augment"))));
        as(READER).get("/api/models/reported/versions/1/lineage").then()
                .body("stageReports[0].recordsIn", equalTo(1010)).body("stageReports[0].recordsOut", equalTo(1000))
                .body("stageReports[0].dropped.EMPTY_TEXT", equalTo(6))
                .body("stageReports[0].deadLettered", equalTo(4))
                .body("stageReports[1].dropped.duplicate", equalTo(50))
                .body("stageReports[1].dropped.'near-duplicate'", equalTo(10))
                .body("stageReports[3].generated", equalTo(200)).body("stageReports[3].status", equalTo("COMPLETED"));
    }

    static io.restassured.response.Response promote(String model, String alias, int version) {
        return as(ADMIN).contentType(ContentType.JSON).body("{\"version\":" + version + "}")
                .post("/api/models/" + model + "/aliases/" + alias);
    }

    static void awaitVersion(String model, int version) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                as(READER).get("/api/models/" + model + "/versions/" + version).then().statusCode(200));
    }
}
