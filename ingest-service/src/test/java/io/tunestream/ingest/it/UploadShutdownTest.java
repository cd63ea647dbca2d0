package io.tunestream.ingest.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.tunestream.ingest.messaging.DatasetUploads;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.testsupport.KafkaBrokerResource;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.tunestream.ingest.it.DatasetUploadTest.JSONL;
import static io.tunestream.ingest.it.DatasetUploadTest.TOPICS;
import static io.tunestream.ingest.it.DatasetUploadTest.committed;
import static io.tunestream.ingest.it.DatasetUploadTest.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * SIGTERM of ingest mid-upload, in-process: the same {@link DatasetUploads#shutdown} the shutdown observer calls.
 * The running upload's transaction is aborted (the stable offset moves past it, nothing is visible), its client gets
 * 503 {@code SHUTTING_DOWN}, readiness goes DOWN and new uploads are refused. Its own profile, so the stopped
 * uploads do not outlive this class.
 */
@QuarkusTest
@TestProfile(UploadShutdownTest.ShuttingDown.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class UploadShutdownTest {

    private static final String GOOD = "{\"text\":\"fine\",\"label\":\"ham\"}\n";

    /** A profile of its own (the app is restarted for this class and after it). */
    public static class ShuttingDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tunestream.ingest.shutdown-grace", "20s");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    DatasetUploads uploads;

    @Test
    void shouldAbortTheOpenUploadAnswer503AndGoUnreadyWhenTheServiceShutsDown() throws Exception {
        // Given an upload whose first batches reached the broker inside its open transaction
        String id = newId();
        byte[] key = DatasetKeys.of(id, "1").getBytes(StandardCharsets.UTF_8);
        try (UploadSocket upload = new UploadSocket(root.getPort(), "/datasets/" + id + "/versions/1", JSONL)) {
            upload.sendChunk(GOOD.repeat(500).getBytes(StandardCharsets.UTF_8));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TopicLog.uncommittedBytes(TOPICS.raw())
                    .stream().anyMatch(r -> Arrays.equals(r.key(), key)));

            // When the service shuts down while the client is still sending
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> uploads.shutdown(Duration.ofSeconds(20)));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !uploads.accepting());
            upload.sendChunk(GOOD.repeat(500).getBytes(StandardCharsets.UTF_8)); // its next records meet the cancel
            String answer = upload.answer();

            // Then the client is told, with a reason to retry elsewhere
            assertThat(answer).startsWith("HTTP/1.1 503").contains("\"reason\":\"SHUTTING_DOWN\"")
                    .contains("nothing of it was published");
            stopping.get();
        }
        // and the transaction was aborted, not left open: the stable offset passes it, nothing is visible
        long lastWritten = TopicLog.uncommittedBytes(TOPICS.raw()).stream().filter(r -> Arrays.equals(r.key(), key))
                .mapToLong(r -> r.offset()).max().orElseThrow();
        int partition = TopicLog.uncommittedBytes(TOPICS.raw()).stream().filter(r -> Arrays.equals(r.key(), key))
                .findFirst().orElseThrow().partition();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> TopicLog.stableEnd(TOPICS.raw())
                .get(new TopicPartition(TOPICS.raw(), partition)) > lastWritten);
        assertThat(committed(id, "1")).isEmpty();
        assertThat(TopicLog.committedEvents(TOPICS.catalog(), DatasetKeys.of(id, "1"))).isEmpty();
        // and readiness is DOWN, new uploads are refused with the same reason
        RestAssured.given().get("/q/health/ready").then().statusCode(503);
        DatasetUploadTest.post(newId(), "1", JSONL, GOOD, "").statusCode(503).body("reason", equalTo("SHUTTING_DOWN"));
    }
}
