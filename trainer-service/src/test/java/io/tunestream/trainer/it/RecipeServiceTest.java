package io.tunestream.trainer.it;

import static io.restassured.RestAssured.given;
import static io.tunestream.security.Roles.READER;
import static io.tunestream.security.Roles.TRAINER;
import static io.tunestream.testsupport.ApiTokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.PromotionPolicy;
import io.tunestream.events.Split;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.events.SweepState;
import io.tunestream.events.TrainingRequest;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventDeserializer;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import io.tunestream.testsupport.PreparedDatasets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recipes through the real service and broker: the REST store (validation with the trainer's own messages, versions,
 * delete markers, roles) and the trigger (a prepared seal naming a recipe or followed by one makes exactly one
 * request with the recipe's lineage, even when the seal arrives twice; a seal naming a missing recipe gets a REJECTED
 * report and no request). The worker is off: what the requests train is the launcher's end-to-end test.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(RecipeServiceTest.NoWorker.class)
class RecipeServiceTest {

    /** The trainer without its worker: requests stay on the topic. */
    public static class NoWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tunestream.trainer.worker-enabled", "false");
        }
    }

    /** The trigger's consumer group under the test profile's group id. */
    private static final String TRIGGER_GROUP = "tunestream-trainer-test-recipes";
    private static final List<PreparedDatasets.Row> ROWS = List.of(
            new PreparedDatasets.Row("win money now", "spam", Split.TRAIN),
            new PreparedDatasets.Row("meeting at noon", "ham", Split.TRAIN),
            new PreparedDatasets.Row("cheap pills", "spam", Split.VALIDATION),
            new PreparedDatasets.Row("lunch tomorrow?", "ham", Split.VALIDATION));

    @Test
    @Timeout(60)
    void shouldRefuseTheRecipeWithEveryProblemWhenBaseModelMethodOrBoundsAreWrong() {
        // Given
        String name = newName("bad");
        String body = "{\"name\":\"" + name + "\",\"baseModel\":\"/no/such/model\",\"method\":{\"type\":\"MAGIC\"},"
                + "\"hyperParameters\":{\"batchSize\":100000},\"promotion\":\"sometimes\"}";

        // When / Then
        as(TRAINER).contentType(ContentType.JSON).body(body).post("/recipes").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasItem(containsString("method.type must be one of [LORA, ADAPTER, PROMPT_TUNING, FULL], got: MAGIC")))
                .body("errors", hasItem(containsString("/no/such/model")))
                .body("errors", hasItem(containsString("hyperParameters.batchSize")))
                .body("errors", hasItem(containsString("promotion must be one of [NONE, CHALLENGER, CHAMPION], got: sometimes")));
        as(READER).get("/recipes/" + name).then().statusCode(404);
        // and only the trainer role writes recipes
        given().contentType(ContentType.JSON).body(recipe(name, "CHAMPION", null)).post("/recipes").then().statusCode(401);
        as(READER).contentType(ContentType.JSON).body(recipe(name, "CHAMPION", null)).post("/recipes").then()
                .statusCode(403);
        as(READER).get("/recipes/" + name).then().statusCode(404);
    }

    @Test
    @Timeout(60)
    void shouldNumberVersionsAndRetireTheNameWhenRecipesAreWrittenAndDeleted() {
        // Given
        String name = newName("spam");

        // When
        as(TRAINER).contentType(ContentType.JSON).body(recipe(name, "CHAMPION", null)).post("/recipes").then()
                .statusCode(201).body("version", equalTo(1)).body("promotion", equalTo("CHAMPION"));
        as(TRAINER).contentType(ContentType.JSON).body(recipe(name, "NONE", null)).post("/recipes").then()
                .statusCode(201).body("version", equalTo(2)).body("createdBy", equalTo("trainer-token"));

        // Then
        as(READER).get("/recipes/" + name).then().statusCode(200).body("version", equalTo(2))
                .body("versions", equalTo(List.of(1, 2))).body("method.type", equalTo("LORA"))
                .body("hyperParameters.maxSteps", equalTo(4));
        as(READER).get("/recipes/" + name + "/versions/1").then().statusCode(200).body("promotion", equalTo("CHAMPION"));
        as(READER).get("/recipes").then().statusCode(200).body("name", hasItem(name));
        // and a delete writes version 3 as a marker: the name is gone from the list
        as(READER).delete("/recipes/" + name).then().statusCode(403);
        as(TRAINER).delete("/recipes/" + name).then().statusCode(200).body("version", equalTo(3))
                .body("deleted", equalTo(true));
        as(READER).get("/recipes/" + name).then().statusCode(404).body("detail", containsString("was deleted"));
        as(READER).get("/recipes").then().statusCode(200).body("name", not(hasItem(name)));
    }

    @Test
    @Timeout(90)
    void shouldRequestExactlyOneJobWhenASealNamingTheRecipeArrivesTwice() {
        // Given a recipe, and another one following a second dataset
        String name = newName("once");
        String dataset = newName("mail");
        String followed = newName("feed");
        as(TRAINER).contentType(ContentType.JSON).body(recipe(name, "CHAMPION", null)).post("/recipes").then()
                .statusCode(201);
        as(TRAINER).contentType(ContentType.JSON).body(recipe(newName("follower"), "CHALLENGER", followed))
                .post("/recipes").then().statusCode(201);

        // When version 1 is sealed twice (a redelivered seal), and the followed dataset gets a version naming nothing
        PreparedDatasets.publish(dataset, "1", ROWS, Map.of("recipe", name));
        PreparedDatasets.publish(dataset, "1", ROWS, Map.of("recipe", name));
        PreparedDatasets.publish(followed, "1", ROWS, Map.of());

        // Then one request for the named recipe, with its lineage, and its QUEUED status
        String jobId = "recipe-" + name + "-1-" + dataset + "-1";
        awaitTriggerCaughtUp();
        List<TrainingRequest> requests = readAll(Topics.TRAINING_REQUESTS, TrainingRequest.class);
        assertThat(requests).filteredOn(r -> r.getDatasetId().equals(dataset)).singleElement().satisfies(r -> {
            assertThat(r.getJobId()).isEqualTo(jobId);
            assertThat(r.getRequestedBy()).isEqualTo("recipe");
            assertThat(r.getRecipe().getName()).isEqualTo(name);
            assertThat(r.getRecipe().getVersion()).isEqualTo(1);
            assertThat(r.getRecipe().getPromotion()).isEqualTo(PromotionPolicy.CHAMPION);
            assertThat(r.getHyperParameters().getMaxSteps()).isEqualTo(4);
        });
        assertThat(requests).filteredOn(r -> r.getDatasetId().equals(followed)).singleElement()
                .satisfies(r -> assertThat(r.getRecipe().getPromotion()).isEqualTo(PromotionPolicy.CHALLENGER));
        assertThat(readAll(Topics.TRAINING_JOBS, JobStatus.class)).filteredOn(s -> s.getJobId().equals(jobId))
                .singleElement().satisfies(s -> assertThat(s.getState()).isEqualTo(JobState.QUEUED));
    }

    @Test
    @Timeout(90)
    void shouldStartTheRecipesSweepWhenItsTrainingStepIsASweep() {
        // Given a recipe whose training step is a grid of two learning rates, and one whose sweep is invalid
        String name = newName("swept");
        String dataset = newName("grid");
        String sweep = ",\"sweep\":{\"algorithm\":\"GRID\",\"numTrials\":2,\"maxConcurrentTrials\":2,"
                + "\"metric\":\"val_loss\",\"space\":[{\"name\":\"learningRate\",\"kind\":\"GRID\","
                + "\"values\":[\"0.001\",\"0.0001\"]}]}}";
        String recipe = recipe(name, "CHAMPION", null);
        as(TRAINER).contentType(ContentType.JSON).body(recipe.substring(0, recipe.length() - 1) + sweep)
                .post("/recipes").then().statusCode(201).body("sweep.numTrials", equalTo(2));
        as(TRAINER).contentType(ContentType.JSON)
                .body(recipe.substring(0, recipe.length() - 1) + sweep.replace("\"numTrials\":2", "\"numTrials\":5"))
                .post("/recipes").then().statusCode(400).body("errors", hasItem(containsString("numTrials must be that many, got: 5")));

        // When a dataset names it
        PreparedDatasets.publish(dataset, "1", ROWS, Map.of("recipe", name));

        // Then the sweep's first state carries the recipe, and its trials' requests too
        String sweepId = "recipe-" + name + "-1-" + dataset + "-1";
        List<SweepState> states = read(Topics.SWEEPS, SweepState.class,
                l -> l.stream().anyMatch(st -> st.getSweepId().equals(sweepId) && st.getTrials().size() == 2));
        assertThat(states).filteredOn(st -> st.getSweepId().equals(sweepId)).first().satisfies(st -> {
            assertThat(st.getRequest().getRecipe().getName()).isEqualTo(name);
            assertThat(st.getRequest().getDatasetId()).isEqualTo(dataset);
        });
        assertThat(read(Topics.TRAINING_REQUESTS, TrainingRequest.class,
                l -> l.stream().filter(r -> sweepId.equals(r.getSweepId())).count() == 2))
                .filteredOn(r -> sweepId.equals(r.getSweepId())).hasSize(2)
                .allSatisfy(r -> assertThat(r.getRecipe().getName()).isEqualTo(name));
    }

    @Test
    @Timeout(90)
    void shouldReportAndTrainNothingWhenTheSealNamesAMissingRecipe() {
        // Given
        String dataset = newName("orphan");
        String missing = newName("nope");

        // When
        PreparedDatasets.publish(dataset, "1", ROWS, Map.of("recipe", missing));

        // Then a REJECTED report of stage recipe says why, and no request names the dataset
        List<StageReport> reports = read(Topics.DATASETS_REPORTS, StageReport.class,
                l -> l.stream().anyMatch(r -> r.getDatasetId().equals(dataset)));
        assertThat(reports).filteredOn(r -> r.getDatasetId().equals(dataset)).singleElement().satisfies(r -> {
            assertThat(r.getStage()).isEqualTo("recipe");
            assertThat(r.getStatus()).isEqualTo(StageStatus.REJECTED);
            assertThat(r.getMessage()).contains("there is no recipe named " + missing).contains("nothing was trained");
            assertThat(r.getRecordsIn()).isEqualTo(4);
            assertThat(r.getDropped()).containsEntry("recipe_unavailable", 4L);
        });
        awaitTriggerCaughtUp();
        assertThat(readAll(Topics.TRAINING_REQUESTS, TrainingRequest.class))
                .noneMatch(r -> r.getDatasetId().equals(dataset));
    }

    private static String recipe(String name, String promotion, String follows) {
        return "{\"name\":\"" + name + "\",\"modelName\":\"" + name + "-model\",\"method\":{\"type\":\"LORA\"},"
                + "\"hyperParameters\":{\"maxSteps\":4,\"batchSize\":2,\"maxSequenceLength\":16},\"promotion\":\""
                + promotion + "\"" + (follows == null ? "" : ",\"followDatasetId\":\"" + follows + "\"") + "}";
    }

    /** Reads a topic from the beginning until the condition holds (or 30 s). */
    private static <T extends SpecificRecord> List<T> read(String base, Class<T> type, Predicate<List<T>> until) {
        return KafkaTestSupport.drain(Topics.name("tunestream.", base), new StringDeserializer(),
                new EventDeserializer<>(type), records -> until.test(records.stream().map(ConsumerRecord::value).toList()),
                Duration.ofSeconds(30)).stream().map(ConsumerRecord::value).toList();
    }

    /** Reads everything a topic holds now. */
    private static <T extends SpecificRecord> List<T> readAll(String base, Class<T> type) {
        return KafkaTestSupport.drain(Topics.name("tunestream.", base), new StringDeserializer(),
                new EventDeserializer<>(type), records -> false, Duration.ofSeconds(3)).stream()
                .map(ConsumerRecord::value).toList();
    }

    /** Waits until the trigger's group has committed every prepared seal written so far (each was judged). */
    private static void awaitTriggerCaughtUp() {
        String topic = Topics.name("tunestream.", Topics.DATASETS_PREPARED);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestSupport.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(TRIGGER_GROUP)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
            });
        }
    }

    private static String newName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
