package io.tunestream.trainer.it;

import io.tunestream.testsupport.PreparedDatasets;

import static io.tunestream.security.Roles.READER;
import static io.tunestream.security.Roles.TRAINER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.JobStatus;
import io.tunestream.events.MetricKind;
import io.tunestream.events.Split;
import io.tunestream.events.TrainingMetric;
import io.tunestream.model.events.Sha256;
import io.tunestream.testsupport.KafkaBrokerResource;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Longer jobs through the broker: a few hundred LoRA steps on real SpamAssassin mail, and every method end to end. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Tag("slow")
class SpamAssassinTrainingTest {

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JobStatus awaitEnd(String jobId, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(
                () -> as(READER).get("/jobs/" + jobId).then().extract().<String>path("state"),
                s -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(s));
        List<JobStatus> statuses = TopicLog.statuses(jobId);
        return statuses.get(statuses.size() - 1);
    }

    @Test
    @Timeout(3000)
    void shouldRiseWellAboveTheMajorityRateWhenTrainingLoraForHundredsOfSteps() throws Exception {
        // Given 400 ham + 200 spam (majority rate 2/3), 1 in 5 of each held out for validation
        List<PreparedDatasets.Row> rows = new ArrayList<>(PreparedDatasets.spamAssassin(400).stream()
                .filter(r -> r.label().equals("ham")).toList());
        rows.addAll(PreparedDatasets.spamAssassin(200).stream().filter(r -> r.label().equals("spam")).toList());
        long valHam = rows.stream().filter(r -> r.split() == Split.VALIDATION && r.label().equals("ham")).count();
        long val = rows.stream().filter(r -> r.split() == Split.VALIDATION).count();
        double majority = (double) valHam / val;
        String datasetId = newId("spam-long");
        PreparedDatasets.publish(datasetId, "1", rows, Map.of());
        String jobId = newId("lora-long");
        // When
        long start = System.nanoTime();
        as(TRAINER).contentType("application/json").body(TrainingJobTest.body(jobId, datasetId,
                ",\"maxSteps\":240,\"evalEverySteps\":60,\"learningRate\":0.002")
                .replace("\"learningRate\":0.001,", "")).post("/jobs").then().statusCode(202);
        JobStatus last = awaitEnd(jobId, Duration.ofMinutes(45));
        double minutes = (System.nanoTime() - start) / 6e10;
        // Then
        assertThat(last.getState().name()).as(last.getMessage()).isEqualTo("SUCCEEDED");
        List<TrainingMetric> evals = TopicLog.metrics(jobId).stream().filter(m -> m.getKind() == MetricKind.EVAL).toList();
        evals.forEach(m -> System.out.printf("EVAL step %d val_loss %.4f accuracy %.4f f1_macro %.4f%n", m.getStep(),
                m.getValLoss(), m.getValMetrics().get("accuracy"), m.getValMetrics().get("f1_macro")));
        Checkpoint fin = TopicLog.checkpoints(jobId).stream().filter(Checkpoint::getIsFinal).findFirst().orElseThrow();
        System.out.printf("LORA-LONG majority %.4f, kept step %d, accuracy %.4f, f1_macro %.4f, %.1f min%n", majority,
                fin.getStep(), fin.getMetrics().get("accuracy"), fin.getMetrics().get("f1_macro"), minutes);
        assertThat(fin.getMetrics().get("accuracy")).isGreaterThan(majority + 0.15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ADAPTER", "PROMPT_TUNING", "FULL"})
    @Timeout(1200)
    void shouldRunEveryMethodAsAJobEndToEnd(String method) throws Exception {
        // Given
        String datasetId = newId("methods");
        PreparedDatasets.publish(datasetId, "1", PreparedDatasets.spamAssassin(20), Map.of());
        String jobId = newId(method.toLowerCase());
        String body = TrainingJobTest.body(jobId, datasetId, ",\"maxSteps\":6,\"evalEverySteps\":3")
                .replace("{\"type\":\"LORA\",\"loraRank\":8,\"loraAlpha\":16}",
                        "{\"type\":\"" + method + "\",\"promptLength\":8,\"adapterSize\":32}");
        // When
        as(TRAINER).contentType("application/json").body(body).post("/jobs").then().statusCode(202);
        JobStatus last = awaitEnd(jobId, Duration.ofMinutes(18));
        // Then
        assertThat(last.getState().name()).as(last.getMessage()).isEqualTo("SUCCEEDED");
        Checkpoint fin = TopicLog.checkpoints(jobId).stream().filter(Checkpoint::getIsFinal).findFirst().orElseThrow();
        System.out.printf("METHOD %s final step %d metrics %s storage %s size %d%n", method, fin.getStep(),
                fin.getMetrics(), fin.getStorage(), fin.getSizeBytes());
        if (method.equals("FULL")) {
            assertThat(fin.getStorage()).isEqualTo(CheckpointStorage.ARTIFACT);
            Path file = Path.of(URI.create(fin.getArtifactUri()));
            assertThat(Files.size(file)).isEqualTo(fin.getSizeBytes());
            try (InputStream in = Files.newInputStream(file)) {
                assertThat(Sha256.of(in)).isEqualTo(fin.getSha256());
            }
        } else {
            // PEFT weights inline; over the chunk limit (the adapter's 1.2 MB) they arrive as ordered chunks
            List<Checkpoint> chunks = TopicLog.checkpoints(jobId).stream().filter(Checkpoint::getIsFinal).toList();
            assertThat(chunks).extracting(Checkpoint::getChunkIndex)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, fin.getChunkCount()).boxed().toList());
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (Checkpoint chunk : chunks) {
                assertThat(chunk.getStorage()).isEqualTo(CheckpointStorage.INLINE);
                java.nio.ByteBuffer data = chunk.getInlineData();
                bytes.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            }
            assertThat(bytes.size()).isEqualTo((int) fin.getSizeBytes());
            assertThat(Sha256.of(bytes.toByteArray())).isEqualTo(fin.getSha256());
        }
    }
}
