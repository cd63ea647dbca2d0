package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.Split;
import io.tunestream.events.TrainingRequest;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.launcher.cli.StackTokens;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.security.Roles;
import io.tunestream.testsupport.PreparedDatasets;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing is enough (issue #22), on the real services and a SASL broker with the access policy's ACLs: a data
 * team's plain Kafka producer (user {@code publisher}) writes a SpamAssassin dataset version to the ingest topic with
 * {@code recipe=NAME} in its seal, and with no other call the stack prepares it, trains it under the recipe, evaluates,
 * registers and promotes it to champion (a deployment event). The recipe follows the dataset id; a second version
 * of the same dataset, naming no recipe, trains under the recipe's next version (1 step: a worse model), is
 * registered without an alias, and the champion stays. The trainer's JVM (its worker and its recipe trigger) is
 * killed once the first job runs and started again: still one request, one job, one version. The only REST calls
 * create the recipe's two versions.
 * Tagged slow (7 service JVMs, two trainings, two evaluations: minutes on 2 cores): run it with
 * {@code ./mvnw -pl launcher test -Dtest=RecipeEndToEndTest -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}
 * after {@code ./mvnw package -DskipTests}.
 */
@Tag("slow")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class RecipeEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRAINER = "trainer-service";
    private static final Duration STAGE = Duration.ofMinutes(6);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StackTokens tokens = StackTokens.generate();

    @Test
    void shouldTrainEvaluateAndPromoteWhenADatasetNamingARecipeIsPublishedToTheIngestTopic(@TempDir Path work)
            throws Exception {
        // Given the seven services on a SASL broker, and a recipe that follows the dataset and promotes to champion
        // (the trainer's group session is short: its JVM is killed mid-job below, and a restarted one takes over)
        List<ServiceSpec> services = StackServices.discover(Path.of(".."), StackServices.MODULES, work, tokens,
                m -> { }).stream().map(s -> s.name().equals(TRAINER) ? s.withEnv(Map.of(
                        "TUNESTREAM_TRAINER_SESSION_TIMEOUT", "6s")) : s).toList();
        assertThat(services).as("build the services first").hasSize(StackServices.MODULES.size());
        URI trainer = services.stream().filter(s -> s.name().equals(TRAINER)).findFirst().orElseThrow()
                .readinessUrl().resolve("/");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String dataset = "mail-" + suffix;
        String recipe = "spam-" + suffix;
        String model = "spam-filter-" + suffix;
        List<PreparedDatasets.Row> rows = PreparedDatasets.spamAssassin(150, i -> Split.TRAIN);
        try (EmbeddedStack stack = EmbeddedStack.start(new StackSettings(BrokerMode.IN_PROCESS, BrokerSettings.defaults(),
                StackTopics.defaults(), services, work.resolve("logs"), Duration.ofMinutes(4)),
                new PrintStream(PrintStream.nullOutputStream()))) {
            long started = System.nanoTime();
            assertThat(createRecipe(trainer, recipe, model, dataset, 30).statusCode()).isEqualTo(201);

            // When version 1 is produced to the ingest topic, its seal naming the recipe
            produce(stack, dataset, "1", rows, Map.of("recipe", recipe));

            // and the trainer's JVM (worker and recipe trigger) is killed once the job runs, then started again
            String job1 = "recipe-" + recipe + "-1-" + dataset + "-1";
            DatasetSeal prepared = preparedSeal(stack, dataset, "1");
            await(stack, Topics.TRAINING_JOBS, JobStatus.class, job1, s -> s.getState() == JobState.RUNNING);
            stack.kill(TRAINER);
            stack.restart(TRAINER, Duration.ofMinutes(4));

            // Then, in order: the prepared seal, the job SUCCEEDED, its evaluation, the model version, the promotion
            assertThat(prepared.getConfig()).containsEntry("recipe", recipe);
            JobStatus succeeded = await(stack, Topics.TRAINING_JOBS, JobStatus.class, job1,
                    s -> s.getState() == JobState.SUCCEEDED || s.getState() == JobState.FAILED);
            assertThat(succeeded.getState()).as(succeeded.getMessage()).isEqualTo(JobState.SUCCEEDED);
            Evaluation evaluation1 = await(stack, Topics.EVALUATIONS, Evaluation.class, null,
                    e -> e.getJobId().equals(job1));
            assertThat(evaluation1.getBlessed()).as(String.valueOf(evaluation1.getReasons())).isTrue();
            ModelVersion version1 = await(stack, Topics.MODELS, ModelVersion.class, null,
                    v -> v.getLineage().getJobId().equals(job1) && v.getAliases().contains("champion"));
            assertThat(version1.getVersion()).isEqualTo(1);
            assertThat(version1.getLineage().getConfig()).containsEntry("recipe", recipe + "@1")
                    .containsEntry("recipe.promotion", "CHAMPION");
            DeploymentEvent promoted = await(stack, Topics.DEPLOYMENTS, DeploymentEvent.class, model, e -> true);
            assertThat(promoted.getAction()).isEqualTo(DeploymentAction.PROMOTE);
            assertThat(promoted.getAlias()).isEqualTo("champion");
            assertThat(promoted.getVersion()).isEqualTo(1);
            assertThat(promoted.getActor()).isEqualTo("policy:recipe " + recipe + "@1");
            assertThat(List.of(succeeded.getUpdatedAt(), evaluation1.getProducedAt(), version1.getCreatedAt(),
                    promoted.getProducedAt())).isSorted();
            // and exactly one job and one version came of it, though the recipe is both named and followed and the
            // trainer was killed mid-way
            assertThat(requests(stack, dataset, "1")).extracting(TrainingRequest::getJobId).containsExactly(job1);
            assertThat(TopicEvents.read(stack, Topics.MODELS, ModelVersion.class, null, l -> false, Duration.ofSeconds(3))
                    .stream().filter(v -> v.getLineage().getJobId().equals(job1)).map(ModelVersion::getVersion)
                    .distinct()).containsExactly(1);
            System.out.printf("RECIPE first version: dataset to champion in %.0f s, test %s%n",
                    (System.nanoTime() - started) / 1e9, evaluation1.getMetrics());

            // When the recipe gets a worse version 2 (one step) and version 2 of the dataset names no recipe
            assertThat(createRecipe(trainer, recipe, model, dataset, 1).statusCode()).isEqualTo(201);
            produce(stack, dataset, "2", rows, Map.of());

            // Then the follower trains it under recipe version 2; the worse model is registered without an alias
            String job2 = "recipe-" + recipe + "-2-" + dataset + "-2";
            ModelVersion version2 = await(stack, Topics.MODELS, ModelVersion.class, null,
                    v -> v.getLineage().getJobId().equals(job2));
            Evaluation evaluation2 = await(stack, Topics.EVALUATIONS, Evaluation.class, null,
                    e -> e.getJobId().equals(job2));
            assertThat(evaluation2.getBlessed()).as(String.valueOf(evaluation2.getMetrics())).isFalse();
            assertThat(evaluation2.getComparison()).isNotNull();
            assertThat(evaluation2.getComparison().getChampionVersion()).isEqualTo(1);
            assertThat(version2.getVersion()).isEqualTo(2);
            assertThat(version2.getAliases()).isEmpty();
            assertThat(version2.getLineage().getConfig()).containsEntry("recipe", recipe + "@2");
            // and the champion stays version 1: no other deployment event for the model
            assertThat(TopicEvents.read(stack, Topics.DEPLOYMENTS, DeploymentEvent.class, model, l -> false,
                    Duration.ofSeconds(3))).containsExactly(promoted);
            assertThat(requests(stack, dataset, "2")).extracting(TrainingRequest::getJobId).containsExactly(job2);
            System.out.printf("RECIPE both versions in %.0f s; worse model: test %s, reasons %s%n",
                    (System.nanoTime() - started) / 1e9, evaluation2.getMetrics(), evaluation2.getReasons());
        }
    }

    /** A recipe version: LoRA on MiniLM, small settings, following the dataset, promoting blessed models. */
    private HttpResponse<String> createRecipe(URI trainer, String name, String model, String follows, int steps)
            throws Exception {
        String body = "{\"name\":\"" + name + "\",\"modelName\":\"" + model + "\",\"followDatasetId\":\"" + follows
                + "\",\"promotion\":\"champion\",\"method\":{\"type\":\"LORA\",\"loraRank\":8,\"loraAlpha\":16},"
                + "\"hyperParameters\":{\"maxSteps\":" + steps + ",\"batchSize\":8,\"maxSequenceLength\":64,"
                + "\"learningRate\":0.002,\"warmupSteps\":" + Math.min(2, steps - 1) + ",\"evalEverySteps\":"
                + Math.max(1, steps / 2) + "},\"seed\":7}";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(trainer.resolve("/recipes"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.of(Roles.TRAINER).orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(answer.body());
        System.out.println("RECIPE created " + json);
        return answer;
    }

    /** What another system's producer does: records then a seal, keyed by datasetId@version, as user publisher. */
    private static void produce(EmbeddedStack stack, String datasetId, String version, List<PreparedDatasets.Row> rows,
            Map<String, String> config) {
        Properties props = stack.kafka(KafkaAccessPolicy.PUBLISHER).properties();
        props.put("acks", "all");
        String topic = Topics.name(Topics.DEFAULT_PREFIX, Topics.DATASETS_INGEST);
        String key = DatasetKeys.of(datasetId, version);
        try (KafkaProducer<String, DatasetEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new EventSerializer<>(DatasetEvent.class))) {
            for (int i = 0; i < rows.size(); i++) {
                DatasetRecord record = DatasetRecord.newBuilder().setRecordId("m" + i).setSourceRecordId("m" + i)
                        .setText(rows.get(i).text()).setLabel(rows.get(i).label()).build();
                producer.send(new ProducerRecord<>(topic, key, event(datasetId, version, "e" + i, record)));
            }
            Map<String, String> settings = new HashMap<>(config);
            settings.put("split", "0.7,0.1,0.2");
            settings.put("augment.copies", "0");
            settings.put("seed", version);
            producer.send(new ProducerRecord<>(topic, key, event(datasetId, version, "seal",
                    DatasetSeal.newBuilder().setRecordCount(rows.size()).setConfig(settings).build())));
        }
    }

    private static DatasetEvent event(String datasetId, String version, String eventId, Object body) {
        return DatasetEvent.newBuilder().setEventId(eventId).setDatasetId(datasetId).setVersion(version)
                .setStage("crm").setProducedAt(Instant.now()).setBody(body).build();
    }

    private static DatasetSeal preparedSeal(EmbeddedStack stack, String datasetId, String version) {
        DatasetEvent seal = await(stack, Topics.DATASETS_PREPARED, DatasetEvent.class,
                DatasetKeys.of(datasetId, version), e -> e.getBody() instanceof DatasetSeal);
        return (DatasetSeal) seal.getBody();
    }

    private static List<TrainingRequest> requests(EmbeddedStack stack, String datasetId, String version) {
        return TopicEvents.read(stack, Topics.TRAINING_REQUESTS, TrainingRequest.class, null, l -> false,
                Duration.ofSeconds(3)).stream()
                .filter(r -> r.getDatasetId().equals(datasetId) && r.getDatasetVersion().equals(version)).toList();
    }

    /** The first event of a topic (optionally of one key) that satisfies {@code match}, read until {@link #STAGE}. */
    private static <T extends SpecificRecord> T await(EmbeddedStack stack, String base,
            Class<T> type, String key, Predicate<T> match) {
        List<T> events = TopicEvents.read(stack, base, type, key, l -> l.stream().anyMatch(match), STAGE);
        Optional<T> found = events.stream().filter(match).findFirst();
        assertThat(found).as("an event on " + base + " within " + STAGE + "\n" + stack.diagnostics(40)).isPresent();
        return found.get();
    }
}
