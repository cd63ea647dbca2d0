package io.tunestream.ingest.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.testsupport.KafkaBrokerResource;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import static io.tunestream.security.Roles.PUBLISHER;
import static io.tunestream.testsupport.ApiTokens.as;
import static io.tunestream.ingest.it.DatasetUploadTest.JSONL;
import static io.tunestream.ingest.it.DatasetUploadTest.TOPICS;
import static io.tunestream.ingest.it.DatasetUploadTest.committed;
import static io.tunestream.ingest.it.DatasetUploadTest.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Each bad input answers its problem+json and leaves nothing visible to read_committed consumers, even
 * when valid records before the bad one were already sent inside the (aborted) transaction.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class BadUploadTest {

    private static final String GOOD = "{\"text\":\"fine\",\"label\":\"ham\"}\n";

    @TestHTTPResource("/")
    URL root;

    static Stream<Arguments> badInputs() {
        // test profile limits: max-text-bytes=1000, max-records-per-dataset=5000
        byte[] invalidUtf8 = concat(GOOD.repeat(2), new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, '"', '}', '\n'});
        return Stream.of(
                Arguments.of("empty body", JSONL, new byte[0], 400, "EMPTY_BODY", null),
                Arguments.of("blank lines only", JSONL, bytes("\n\n"), 400, "EMPTY_BODY", null),
                Arguments.of("wrong content type", "application/json", bytes(GOOD), 415, null, null),
                Arguments.of("invalid UTF-8", JSONL, invalidUtf8, 400, "INVALID_UTF8", 3),
                Arguments.of("line not JSON", JSONL, bytes(GOOD + GOOD + "{text: nope}\n" + GOOD), 400, "NOT_JSON", 3),
                Arguments.of("missing text", JSONL, bytes(GOOD + "{\"label\":\"ham\"}\n"), 422, "EMPTY_TEXT", 2),
                Arguments.of("missing label", JSONL, bytes(GOOD + "{\"text\":\"no label\"}\n"), 422, "MISSING_LABEL", 2),
                Arguments.of("text over the limit", JSONL,
                        bytes(GOOD + "{\"text\":\"" + "x".repeat(1001) + "\",\"label\":\"ham\"}\n"), 422, "TEXT_TOO_LONG", 2),
                Arguments.of("over the record limit", JSONL, bytes(GOOD.repeat(5001)), 413, "TOO_MANY_RECORDS", 5001),
                Arguments.of("CSV row with missing column", "text/csv", bytes("text,label\na,ham\nb\n"), 400, "BAD_CSV", 3),
                Arguments.of("bad score for regression", JSONL, bytes("{\"text\":\"a\",\"score\":\"high\"}\n"), 422, "BAD_SCORE", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void shouldAnswerProblemAndPublishNothingWhenInputIsBad(String name, String contentType, byte[] body, int status,
                                                            String reason, Integer line) {
        // Given
        String id = newId();
        String query = reason != null && reason.equals("BAD_SCORE") ? "?scoreField=score" : "";
        // When
        var response = as(PUBLISHER).contentType(contentType).body(body)
                .post("/datasets/" + id + "/versions/1" + query).then();
        // Then
        response.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("title", notNullValue()).body("detail", notNullValue())
                .body("type", notNullValue());
        if (reason != null) {
            response.body("reason", equalTo(reason));
        }
        if (line != null) {
            response.body("line", equalTo(line));
        }
        assertThat(committed(id, "1")).isEmpty();
        assertThat(TopicLog.committedEvents(TOPICS.catalog(), DatasetKeys.of(id, "1"))).isEmpty();
    }

    @Test
    void shouldPublishNothingWhenTheClientDisconnectsMidUpload() throws Exception {
        // Given: an upload whose first half has reached the broker inside the open transaction
        String id = newId();
        byte[] key = DatasetKeys.of(id, "1").getBytes(StandardCharsets.UTF_8);
        try (UploadSocket upload = new UploadSocket(root.getPort(), "/datasets/" + id + "/versions/1", JSONL)) {
            upload.sendChunk(bytes(GOOD.repeat(500)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TopicLog.uncommittedBytes(TOPICS.raw())
                    .stream().anyMatch(r -> Arrays.equals(r.key(), key)));
            upload.sendChunk(bytes("{\"text\":\"half a li"));
        } // When: the connection closes without the final chunk
        // Then: the transaction ends (the stable offset moves past it) with nothing visible
        long lastUncommitted = TopicLog.uncommittedBytes(TOPICS.raw()).stream()
                .filter(r -> Arrays.equals(r.key(), key)).mapToLong(r -> r.offset()).max().orElseThrow();
        int partition = TopicLog.uncommittedBytes(TOPICS.raw()).stream()
                .filter(r -> Arrays.equals(r.key(), key)).findFirst().orElseThrow().partition();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> TopicLog.stableEnd(TOPICS.raw())
                .get(new TopicPartition(TOPICS.raw(), partition)) > lastUncommitted);
        assertThat(committed(id, "1")).isEmpty();
        // and the version is free: a complete upload of it succeeds
        DatasetUploadTest.post(id, "1", JSONL, GOOD, "").statusCode(201).body("accepted", equalTo(1));
        assertThat(committed(id, "1")).hasSize(2);
    }

    @Test
    void shouldRefuseUnknownQueryParameters() {
        as(PUBLISHER).contentType(JSONL).body(bytes(GOOD)).post("/datasets/" + newId() + "/versions/1?labelFeild=x")
                .then().statusCode(400).contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("labelFeild"));
    }

    @Test
    void shouldRefuseAnUnknownPoisonPolicyAndPublishNothing() {
        // Given / When: a poison policy the stages would not know
        String id = newId();
        as(PUBLISHER).contentType(JSONL).body(bytes(GOOD)).post("/datasets/" + id + "/versions/1?config.poison-policy=skip")
                // Then: 400 naming the allowed values, nothing published
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("poison-policy"))
                .body("detail", containsString("dead-letter"));
        assertThat(committed(id, "1")).isEmpty();
    }

    @Test
    void shouldCarryThePoisonPolicyInTheSealConfigWhenItIsKnown() {
        String id = newId();
        DatasetUploadTest.post(id, "1", JSONL, GOOD, "config.poison-policy=dead-letter").statusCode(201);
        assertThat(committed(id, "1")).anySatisfy(e -> assertThat(e.value().getBody())
                .isInstanceOfSatisfying(DatasetSeal.class,
                        seal -> assertThat(seal.getConfig()).containsEntry("poison-policy", "dead-letter")));
    }

    static Stream<Arguments> oversizedSettings() {
        return Stream.of(
                Arguments.of("config.augment.copies", "2000000000", "a whole number in [0, 16]"),
                Arguments.of("config.augment.synonym-rate", "1.5", "a number in [0, 1)"),
                Arguments.of("config.augment.insertion-rate", "7", "a number in [0, 1)"),
                Arguments.of("config.augment.swap-rate", "-1", "a number in [0, 1)"),
                Arguments.of("config.augment.deletion-rate", "2", "a number in [0, 1)"),
                Arguments.of("config.balance.oversample-plan", "spam=2000000000", "label=copies,... with at most"),
                Arguments.of("config.clean.near-duplicates", "3", "off or a threshold in (0, 1]"),
                Arguments.of("split", "5,5,5", "three shares train,validation,test in [0, 1] summing to 1"),
                Arguments.of("seed", "1e400", "a whole number in"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("oversizedSettings")
    void shouldAnswer400NamingTheKeyAndBoundAndPublishNothingWhenASettingIsOverItsBound(String param, String value,
                                                                                       String bound) {
        // Given
        String id = newId();
        String key = param.startsWith("config.") ? param : "config." + param;
        // When
        var response = as(PUBLISHER).contentType(JSONL).body(bytes(GOOD)).queryParam(param, value)
                .post("/datasets/" + id + "/versions/1").then();
        // Then
        response.statusCode(400).contentType("application/problem+json").body("reason", equalTo("SETTING_OUT_OF_BOUNDS"))
                .body("detail", org.hamcrest.Matchers.startsWith(key + " must be " + bound))
                .body("detail", org.hamcrest.Matchers.endsWith("got: '" + value + "'"));
        assertThat(committed(id, "1")).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"%2e%2e", ".hidden", "a..b", "-rf", "%2f"})
    void shouldAnswer400NamingTheFieldWhenADatasetIdOrVersionCouldEscapeADirectory(String bad) {
        // When / Then: as the dataset id (encoded so it reaches the resource as given) and as the version
        as(PUBLISHER).contentType(JSONL).body(bytes(GOOD)).urlEncodingEnabled(false)
                .post("/datasets/" + encode(bad) + "/versions/1").then().statusCode(400)
                .contentType("application/problem+json").body("reason", equalTo("INVALID_IDENTIFIER"))
                .body("detail", org.hamcrest.Matchers.startsWith("datasetId '" + bad + "' must"));
        String id = newId();
        as(PUBLISHER).contentType(JSONL).body(bytes(GOOD)).urlEncodingEnabled(false)
                .post("/datasets/" + id + "/versions/" + encode(bad)).then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.startsWith("version '" + bad + "' must"));
        assertThat(TopicLog.committedEvents(TOPICS.catalog(), id + "@" + bad)).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {".", ".."})
    void shouldRefuseDotSegmentsAndPublishNothing(String dots) {
        // When: the HTTP layer may normalise the dot segment away (404) or hand it to the resource (400)
        String id = newId();
        int status = as(PUBLISHER).contentType(JSONL).body(bytes(GOOD)).urlEncodingEnabled(false)
                .post("/datasets/" + id + "/versions/" + encode(dots)).then().extract().statusCode();
        // Then
        assertThat(status).isIn(400, 404);
        assertThat(TopicLog.committedEvents(TOPICS.catalog(), id + "@" + dots)).isEmpty();
        assertThat(TopicLog.committedEvents(TOPICS.raw(), id + "@" + dots)).isEmpty();
    }

    /** Percent-encodes every character, so '.' and '..' are not collapsed by the client before they are sent. */
    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes(s)) {
            out.append('%').append(String.format("%02X", b));
        }
        return out.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String prefix, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(prefix));
        out.writeBytes(rest);
        return out.toByteArray();
    }

}
