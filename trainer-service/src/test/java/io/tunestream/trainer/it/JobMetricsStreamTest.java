package io.tunestream.trainer.it;

import static io.restassured.RestAssured.given;
import static io.tunestream.security.Roles.READER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.Lineage;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.MetricKind;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingMetric;
import io.tunestream.schemas.EpochFence;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.schemas.serde.AnyEventSerializer;
import io.tunestream.testsupport.ApiTokens;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import io.tunestream.trainer.messaging.TrainerService;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /jobs/{id}/metrics} as Server-Sent Events against the real broker: the job's status, its metric points
 * so far, then new points and the terminal status as the topics receive them, and the end of the stream; the same
 * refusals as the other job endpoints; a superseded worker's statuses and checkpoints (a lower epoch written after a
 * higher one) ignored. The worker is off: the test writes the job's topics as trainers would.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(RecipeServiceTest.NoWorker.class)
class JobMetricsStreamTest {

    private static final String PREFIX = "tunestream.";

    @TestHTTPResource("/jobs")
    URI jobs;

    @Inject
    TrainerService service;

    @Test
    @Timeout(90)
    void shouldReplayPointsSoFarThenStreamNewOnesAndEndWhenTheJobEnds() throws Exception {
        // Given a running job with two points on the metrics topic
        String job = "sse-" + UUID.randomUUID().toString().substring(0, 8);
        publish(Topics.TRAINING_JOBS, job, status(job, JobState.RUNNING, 2));
        publish(Topics.TRAINING_METRICS, job, metric(job, 1, 0.9));
        publish(Topics.TRAINING_METRICS, job, metric(job, 2, 0.7));

        // When a subscriber connects
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(jobs + "/" + job + "/metrics")).header("Authorization", "Bearer " + ApiTokens.token(READER))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());

        // Then it gets the status and the two points before the job goes on
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            List<String> first = read(events, 3);
            assertThat(first.get(0)).startsWith("status ").contains("\"state\":\"RUNNING\"");
            assertThat(first.get(1)).startsWith("metric ").contains("\"step\":1").contains("\"trainLoss\":0.9");
            assertThat(first.get(2)).startsWith("metric ").contains("\"step\":2");

            // and, as the trainer writes a third point and ends the job, those, then the end of the stream
            publish(Topics.TRAINING_METRICS, job, metric(job, 3, 0.5));
            publish(Topics.TRAINING_JOBS, job, status(job, JobState.SUCCEEDED, 3));
            List<String> rest = read(events, Integer.MAX_VALUE);
            assertThat(rest).hasSize(2);
            assertThat(rest.get(0)).startsWith("metric ").contains("\"step\":3");
            assertThat(rest.get(1)).startsWith("status ").contains("\"state\":\"SUCCEEDED\"");
        }
    }

    @Test
    @Timeout(60)
    void shouldIgnoreAStaleWorkersStatusesAndCheckpointsWhenANewerEpochRunsTheJob() {
        // Given worker B took the job over at epoch 1 and wrote its status and a checkpoint
        String job = "fence-" + UUID.randomUUID().toString().substring(0, 8);
        publish(Topics.TRAINING_JOBS, job, workerStatus(job, "worker-b", 1, JobState.RUNNING, 5));
        publish(Topics.TRAINING_CHECKPOINTS, job, checkpoint(job, "worker-b", 1, 4));

        // When the superseded worker A (epoch 0) wakes up and writes after it: progress, the job's end, a checkpoint
        publish(Topics.TRAINING_JOBS, job, workerStatus(job, "worker-a", 0, JobState.RUNNING, 9));
        publish(Topics.TRAINING_CHECKPOINTS, job, checkpoint(job, "worker-a", 0, 8));
        publish(Topics.TRAINING_JOBS, job, workerStatus(job, "worker-a", 0, JobState.SUCCEEDED, 12));

        // Then the job view (REST, read-your-writes) still shows B's run
        as(READER).get("/jobs/" + job).then().statusCode(200).body("state", equalTo("RUNNING"))
                .body("workerId", equalTo("worker-b")).body("epoch", equalTo(1)).body("step", equalTo(5));
        assertThat(service.view().highestEpoch(job)).hasValue(1);
        // and a checkpoint reader's fence, fed from the topic through the real serde, keeps only B's checkpoint
        EpochFence fence = new EpochFence();
        List<Long> kept = readCheckpoints(job, 2).stream().filter(fence::admit).map(Checkpoint::getStep).toList();
        assertThat(kept).containsExactly(4L);
        assertThat(fence.staleCount()).isEqualTo(1);

        // When B ends the job
        publish(Topics.TRAINING_JOBS, job, workerStatus(job, "worker-b", 1, JobState.SUCCEEDED, 12));

        // Then the view shows B's end
        as(READER).get("/jobs/" + job).then().statusCode(200).body("state", equalTo("SUCCEEDED"))
                .body("workerId", equalTo("worker-b"));
    }

    @Test
    @Timeout(60)
    void shouldRefuseUnknownJobsBadIdsAndCallersWithoutAToken() {
        as(READER).get("/jobs/never-submitted-" + UUID.randomUUID() + "/metrics").then().statusCode(404)
                .body(containsString("Unknown job"));
        as(READER).get("/jobs/..%2Fx/metrics").then().statusCode(400);
        given().get("/jobs/any/metrics").then().statusCode(401);
    }

    /** Reads up to {@code count} events as "name data", or until the stream ends. */
    private static List<String> read(BufferedReader in, int count) throws Exception {
        List<String> events = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        String line;
        while (events.size() < count && (line = in.readLine()) != null) {
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.isEmpty() && name != null) {
                events.add(name + " " + data);
                name = null;
                data.setLength(0);
            }
        }
        return events;
    }

    private static JobStatus status(String job, JobState state, long step) {
        return JobStatus.newBuilder().setJobId(job).setState(state).setStep(step).setTotalSteps(3)
                .setProgress(step / 3.0).setUpdatedAt(Instant.now()).build();
    }

    private static JobStatus workerStatus(String job, String worker, long epoch, JobState state, long step) {
        return JobStatus.newBuilder(status(job, state, step)).setTotalSteps(12).setWorkerId(worker).setEpoch(epoch)
                .build();
    }

    private static Checkpoint checkpoint(String job, String worker, long epoch, long step) {
        return Checkpoint.newBuilder().setCheckpointId(job + "-step-" + step).setJobId(job).setModelName("spam")
                .setStep(step).setTask(Task.CLASSIFICATION)
                .setMethod(MethodConfig.newBuilder().setType(Method.LORA).build()).setLabels(List.of("ham", "spam"))
                .setStorage(CheckpointStorage.INLINE).setSha256("00").setSizeBytes(1)
                .setLineage(Lineage.newBuilder().setDatasetId("d").setDatasetVersion("v1").setJobId(job)
                        .setBaseModel("bundled:all-minilm-l6-v2").setConfig(Map.of("worker", worker)).build())
                .setProducedAt(Instant.now()).setEpoch(epoch).build();
    }

    /** Reads the job's first {@code count} checkpoint events from the topic, decoded by the services' serde. */
    private static List<Checkpoint> readCheckpoints(String job, int count) {
        return KafkaTestSupport.drain(PREFIX + Topics.TRAINING_CHECKPOINTS, new StringDeserializer(),
                new EventDeserializer<>(Checkpoint.class),
                records -> records.stream().filter(r -> job.equals(r.key())).count() >= count, Duration.ofSeconds(30))
                .stream().filter(r -> job.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    private static TrainingMetric metric(String job, long step, double loss) {
        return TrainingMetric.newBuilder().setJobId(job).setStep(step).setEpoch(step / 3.0).setTrainLoss(loss)
                .setSamplesPerSecond(10).setKind(MetricKind.TRAIN).setProducedAt(Instant.now()).build();
    }

    private static void publish(String topic, String key, SpecificRecord event) {
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestSupport.producer(Map.of(),
                new StringSerializer(), new AnyEventSerializer())) {
            producer.send(new ProducerRecord<>(PREFIX + topic, key, event));
            producer.flush();
        }
    }
}
