package io.tunestream.registry.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.ModelVersion;
import io.tunestream.registry.artifact.FileArtifactStore;
import io.tunestream.registry.domain.ArtifactLinks;
import io.tunestream.registry.domain.ModelRegistry;
import io.tunestream.registry.domain.RegistryPolicy;
import io.tunestream.registry.streams.RegistryMetrics;
import io.tunestream.registry.streams.RegistryStores;
import io.tunestream.registry.streams.RegistryTopics;
import io.tunestream.registry.streams.RegistryTopology;
import io.tunestream.registry.support.Evaluations;
import io.tunestream.registry.support.RegistryFixture;
import io.tunestream.schemas.serde.AvroSerdes;
import io.tunestream.testsupport.KafkaBrokerResource;
import io.tunestream.testsupport.KafkaTestSupport;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.tunestream.security.Roles.ADMIN;
import static io.tunestream.security.Roles.READER;
import static io.tunestream.testsupport.ApiTokens.as;
import static io.tunestream.registry.rest.RegistryServiceTest.awaitVersion;
import static io.tunestream.registry.rest.RegistryServiceTest.promote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(180)
class RegistryReplicaTest {

    private static final ArtifactLinks LINKS = ArtifactLinks.of("http://registry.test:8086");

    @Inject
    RegistryTopics topics;

    @Inject
    FileArtifactStore store;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    @Test
    void shouldRebuildIdenticalStateWhenASecondInstanceStartsOverTheSameTopics() throws Exception {
        // Given: several models (spread over partitions) with versions and alias moves
        for (String model : List.of("replica-a", "replica-b", "replica-c", "replica-d")) {
            RegistryFixture.publish(topics, Evaluations.blessed(model + "-1", model), Evaluations.blessed(model + "-2", model));
            awaitVersion(model, 2);
            promote(model, "champion", 2).then().statusCode(200);
        }
        Map<String, String> served = servedByRest();

        // When: a second instance of the same application starts with an empty state directory
        try (KafkaStreams second = secondInstance()) {
            second.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> second.state() == KafkaStreams.State.RUNNING);

            // Then: its materialised models topic and its write-path stores, rebuilt from the log (active or
            // standby), hold exactly what the API serves
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(describe(second, RegistryStores.MODELS_VIEW)).isEqualTo(served);
                assertThat(describe(second, RegistryStores.VERSIONS)).isEqualTo(served);
            });
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        assertThat(servedByRest()).isEqualTo(served);
    }

    @Test
    @Tag("slow")
    @Timeout(300)
    void shouldAnswerAChangeViaTheOwnersHostWhenAnotherReplicaOwnsTheModel() throws Exception {
        try (KafkaStreams second = secondInstance(); ReplicaHost replicaHost = new ReplicaHost(second)) {
            // Given: a second replica that, after a probing rebalance, owns a partition of the commands topic
            second.start();
            String owned = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> modelOwnedBy(second), java.util.Objects::nonNull);
            RegistryFixture.publish(topics, Evaluations.blessed(owned + "-1", owned));
            awaitVersion(owned, 1);

            // When: the change is asked of this replica
            var response = promote(owned, "champion", 1);

            // Then: it is applied by the owner and answered through the owner's host
            assertThat(replicaHost.requests()).as("outcome queries sent to the owner's host").isPositive();
            response.then().statusCode(200).body("version", org.hamcrest.Matchers.equalTo(1));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void shouldReconstructEveryAliasFromDeploymentEventsLikeAKubernetesOperator() throws Exception {
        // Given: champion 1 -> 2 -> rolled back to 1, challenger 3, version 2 archived
        RegistryFixture.publish(topics, Evaluations.blessed("k8s-1", "k8s"), Evaluations.blessed("k8s-2", "k8s"),
                Evaluations.blessed("k8s-3", "k8s"));
        awaitVersion("k8s", 3);
        promote("k8s", "champion", 1).then().statusCode(200);
        promote("k8s", "champion", 2).then().statusCode(200);
        promote("k8s", "challenger", 3).then().statusCode(200);
        as(ADMIN).post("/api/models/k8s/aliases/champion/rollback").then().statusCode(200);
        as(ADMIN).post("/api/models/k8s/versions/2/archive").then().statusCode(200);

        // When: an operator in its own consumer group reads the deployments topic from the start
        Map<String, Map<String, Integer>> reconstructed = readDeploymentsAsAnOperator();

        // Then
        assertThat(reconstructed.get("k8s")).containsExactlyInAnyOrderEntriesOf(Map.of("champion", 1, "challenger", 3));
        reconstructed.forEach((model, aliases) -> {
            Map<String, Integer> served = as(READER).get("/api/models/" + model + "/aliases").then().statusCode(200)
                    .extract().jsonPath().getMap("", String.class, Integer.class);
            assertThat(served).as("aliases of %s", model).isEqualTo(aliases);
        });
    }

    private Map<String, Map<String, Integer>> readDeploymentsAsAnOperator() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "k8s-operator-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Map<String, Integer>> aliases = new TreeMap<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerdes.serde(DeploymentEvent.class).deserializer())) {
            consumer.subscribe(List.of(topics.deployments()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> apply(aliases, r.value()));
                var assigned = consumer.assignment();
                return !assigned.isEmpty() && consumer.endOffsets(assigned).entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return aliases;
    }

    private static void apply(Map<String, Map<String, Integer>> aliases, DeploymentEvent event) {
        if (event.getAction() != DeploymentAction.ARCHIVE) {
            aliases.computeIfAbsent(event.getModelName(), m -> new HashMap<>()).put(event.getAlias(), event.getVersion());
        }
    }

    /** A model name whose partition of the commands topic the given instance owns, or null while it owns none. */
    private static String modelOwnedBy(KafkaStreams instance) {
        if (instance.state() != KafkaStreams.State.RUNNING) {
            return null;
        }
        var host = new org.apache.kafka.streams.state.HostInfo("localhost", ReplicaHost.PORT);
        for (int i = 0; i < 1000; i++) {
            String name = "forwarded-" + i;
            if (host.equals(instance.queryMetadataForKey(RegistryStores.OUTCOMES, name, new StringSerializer()).activeHost())) {
                return name;
            }
        }
        return null;
    }

    private KafkaStreams secondInstance() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("registry-replica").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + ReplicaHost.PORT);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        props.put(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG, 60_000);
        var registry = new ModelRegistry(new RegistryPolicy(false, false, Map.of(), Map.of()), LINKS);
        return new KafkaStreams(RegistryTopology.build(topics, registry, store, RegistryMetrics.NONE), props);
    }

    /** Every version the API serves, as "aliases|status|evaluation|job" by name/version. */
    private static Map<String, String> servedByRest() {
        Map<String, String> served = new TreeMap<>();
        for (String model : as(READER).get("/api/models").then().statusCode(200).extract().jsonPath().getList("name", String.class)) {
            var versions = as(READER).get("/api/models/" + model + "/versions").then().extract().jsonPath();
            for (int i = 0; i < versions.getList("version").size(); i++) {
                String path = "[" + i + "].";
                served.put(model + "/" + versions.getInt(path + "version"), versions.getList(path + "aliases") + "|"
                        + versions.getString(path + "status") + "|" + versions.getString(path + "evaluationId") + "|"
                        + versions.getString(path + "lineage.jobId"));
            }
        }
        return served;
    }

    private static Map<String, String> describe(KafkaStreams streams, String storeName) {
        Map<String, String> described = new TreeMap<>();
        var store = streams.store(StoreQueryParameters.fromNameAndType(storeName,
                QueryableStoreTypes.<String, ModelVersion>keyValueStore()).enableStaleStores());
        try (var all = store.all()) {
            all.forEachRemaining(kv -> described.put(kv.key, kv.value.getAliases() + "|" + kv.value.getStatus() + "|"
                    + kv.value.getEvaluationId() + "|" + kv.value.getLineage().getJobId()));
        }
        return described;
    }
}
