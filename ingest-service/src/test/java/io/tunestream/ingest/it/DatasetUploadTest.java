package io.tunestream.ingest.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.ValidatableResponse;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.ingest.messaging.TopicNames;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.testsupport.KafkaBrokerResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.tunestream.security.Roles.PUBLISHER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Uploads over REST against the real broker: good uploads land whole with their seal, re-uploads are refused. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class DatasetUploadTest {

    static final TopicNames TOPICS = TopicNames.of("tunestream.");
    static final String JSONL = "application/x-ndjson";

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void rawBodies() {
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
    }

    static String newId() {
        return "ds-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ValidatableResponse post(String id, String version, String contentType, String body, String query) {
        return as(PUBLISHER).contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/datasets/" + id + "/versions/" + version + (query.isEmpty() ? "" : "?" + query)).then();
    }

    static List<ConsumerRecord<String, DatasetEvent>> committed(String id, String version) {
        return TopicLog.committedEvents(TOPICS.raw(), DatasetKeys.of(id, version));
    }

    @Test
    void shouldPublishRecordsThenSealWhenJsonlUploadIsValid() {
        // Given
        String id = newId();
        String body = """
                {"id":"m1","text":"Win a prize now","label":"spam","group":"t1","lang":"en"}
                {"id":"m2","text":"Lunch at noon?","label":"ham","group":"t2"}
                {"id":"m3","text":"Re: lunch","label":"ham","group":"t2"}
                """;
        // When
        post(id, "1", JSONL, body, "balance=undersample&seed=42")
                // Then
                .statusCode(201).body("datasetId", equalTo(id)).body("version", equalTo("1"))
                .body("accepted", equalTo(3)).body("labels.ham", equalTo(2)).body("labels.spam", equalTo(1));
        List<ConsumerRecord<String, DatasetEvent>> events = committed(id, "1");
        assertThat(events).hasSize(2); // one batch of three records, then the seal
        assertThat(events).extracting(ConsumerRecord::partition).containsOnly(events.get(0).partition());
        assertThat(TopicLog.records(events)).extracting(DatasetRecord::getRecordId).containsExactly("r1", "r2", "r3");
        DatasetRecord first = TopicLog.records(events).get(0);
        assertThat(first.getSourceRecordId()).isEqualTo("m1");
        assertThat(first.getText()).isEqualTo("Win a prize now");
        assertThat(first.getGroup()).isEqualTo("t1");
        assertThat(first.getAttributes()).containsExactly(Map.entry("lang", "en"));
        DatasetSeal seal = (DatasetSeal) events.get(1).value().getBody();
        assertThat(seal.getRecordCount()).isEqualTo(3);
        assertThat(seal.getBatchCount()).isEqualTo(1);
        assertThat(seal.getPartitionCounts()).containsExactly(Map.entry(String.valueOf(events.get(0).partition()), 3L));
        assertThat(seal.getLabelCounts()).containsOnly(Map.entry("ham", 2L), Map.entry("spam", 1L));
        assertThat(seal.getConfig()).containsOnly(Map.entry("balance", "undersample"), Map.entry("seed", "42"),
                Map.entry("task", "classification"));
        assertThat(TopicLog.committedEvents(TOPICS.catalog(), DatasetKeys.of(id, "1"))).hasSize(1);
    }

    @Test
    void shouldMapCsvColumnsWhenCsvUploadIsValid() {
        // Given
        String id = newId();
        String body = "body,category,extra\r\n\"Hello, \"\"friend\"\"\",ham,x\r\nFREE money,spam,y\r\n";
        // When
        post(id, "2026-11-29", "text/csv", body, "textField=body&labelField=category")
                // Then
                .statusCode(201).body("accepted", equalTo(2));
        List<ConsumerRecord<String, DatasetEvent>> events = committed(id, "2026-11-29");
        assertThat(events).hasSize(2);
        assertThat(TopicLog.records(events).get(0).getText()).isEqualTo("Hello, \"friend\"");
        assertThat(TopicLog.records(events).get(1).getLabel()).isEqualTo("spam");
        assertThat(((DatasetSeal) events.get(1).value().getBody()).getRecordCount()).isEqualTo(2);
    }

    @Test
    void shouldCountAndSkipBadRecordsWhenAskedTo() {
        // Given
        String id = newId();
        String body = "{\"text\":\"ok\",\"label\":\"ham\"}\n{\"text\":\"\",\"label\":\"ham\"}\nnot json\n";
        // When
        post(id, "1", JSONL, body, "onInvalid=skip")
                // Then
                .statusCode(201).body("accepted", equalTo(1))
                .body("rejected.EMPTY_TEXT", equalTo(1)).body("rejected.NOT_JSON", equalTo(1));
        assertThat(committed(id, "1")).hasSize(2);
    }

    @Test
    void shouldAnswerConflictWhenVersionIsAlreadySealed() {
        // Given
        String id = newId();
        post(id, "1", JSONL, "{\"text\":\"a\",\"label\":\"x\"}\n", "").statusCode(201);
        // When
        post(id, "1", JSONL, "{\"text\":\"b\",\"label\":\"y\"}\n", "")
                // Then
                .statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:tunestream:problem:already-sealed")).body("status", equalTo(409));
        assertThat(committed(id, "1")).hasSize(2);
        post(id, "2", JSONL, "{\"text\":\"b\",\"label\":\"y\"}\n", "").statusCode(201);
    }

    @Test
    void shouldRefuseASecondUploadOfTheSameVersionWhileTheFirstRuns() throws Exception {
        // Given: a first upload, half sent (a full batch of the test profile's 100 records, so it reaches the broker)
        String id = newId();
        String line = "{\"text\":\"first\",\"label\":\"ham\"}\n";
        try (UploadSocket first = new UploadSocket(root.getPort(), "/datasets/" + id + "/versions/1", JSONL)) {
            first.sendChunk(line.repeat(100).getBytes(StandardCharsets.UTF_8));
            byte[] key = DatasetKeys.of(id, "1").getBytes(StandardCharsets.UTF_8);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    TopicLog.uncommittedBytes(TOPICS.raw()).stream().anyMatch(r -> java.util.Arrays.equals(r.key(), key)));
            // When: a second upload of the same version
            post(id, "1", JSONL, "{\"text\":\"second\",\"label\":\"spam\"}\n", "")
                    // Then
                    .statusCode(409).body("type", equalTo("urn:tunestream:problem:concurrent-upload"));
            first.sendChunk(line.getBytes(StandardCharsets.UTF_8));
            assertThat(first.finish()).startsWith("HTTP/1.1 201");
        }
        List<ConsumerRecord<String, DatasetEvent>> events = committed(id, "1");
        assertThat(events).hasSize(3); // batches of 100 and 1, then the seal
        assertThat(TopicLog.records(events)).hasSize(101).extracting(DatasetRecord::getText).containsOnly("first");
    }

    @Test
    void shouldReportReadinessAndCountAcceptedRecordsInMetrics() {
        // Given
        post(newId(), "1", JSONL, "{\"text\":\"a\",\"label\":\"x\"}\n", "").statusCode(201);
        // When / Then
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka' }.data.catalogCaughtUp", equalTo(true));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("tunestream_ingest_records_accepted_total\\{[^}]*source=\"rest\"[^}]*} [1-9]");
    }
}
