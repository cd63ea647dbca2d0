package io.tunestream.examples.watcher.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged watcher against the real in-process broker and fabric8's mock API server in CRUD mode: a model is
 * promoted and rolled back and its ConfigMap follows; the watcher is stopped (SIGTERM), more events arrive (one of
 * them twice, one not Avro), a new instance resumes from the committed offset and converges. Every write the API
 * server received is checked: one per event that moved an alias, in log order, none twice.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeploymentWatcherIT {

    private static final String NAMESPACE = "models";
    private static final String REGISTRY = "http://registry-service.tunestream.svc:8080";
    private static final String SHA = "ab".repeat(32);

    private static final List<String> WRITES = new CopyOnWriteArrayList<>();

    private static KubernetesMockServer server;
    private static KubernetesClient kubernetes;

    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final String topic = prefix + "deployments";
    private long clock = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

    @BeforeAll
    static void startApiServer() {
        // The CRUD dispatcher stores objects; this one also keeps the body of every write (read without consuming it).
        KubernetesCrudDispatcher recording = new KubernetesCrudDispatcher() {
            @Override
            public MockResponse handleCreate(RecordedRequest request) {
                WRITES.add(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
                return super.handleCreate(request);
            }

            @Override
            public MockResponse handleUpdate(RecordedRequest request) {
                WRITES.add(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
                return super.handleUpdate(request);
            }

            @Override
            public MockResponse handlePatch(RecordedRequest request) {
                WRITES.add(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
                return super.handlePatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), recording, false);
        server.init();
        kubernetes = server.createClient();
    }

    @AfterAll
    static void stopApiServer() {
        kubernetes.close();
        server.destroy();
    }

    @Test
    void shouldFollowPromotionsAndRollbacksAndConvergeAfterARestartWithoutApplyingAnythingTwice() throws Exception {
        // Given a deployments topic and a running watcher
        KafkaTestSupport.createTopics(TopicSpec.of(topic, 3));
        String group = "watcher-" + prefix;
        try (KafkaProducer<String, DeploymentEvent> events = KafkaTestSupport.producer(Map.of(),
                new StringSerializer(), new EventSerializer<>(DeploymentEvent.class))) {
            try (WatcherProcess first = WatcherProcess.start("first", env(group))) {
                // When champion is promoted to v1, then v2, then rolled back: the object follows each step
                send(events, event("e1", DeploymentAction.PROMOTE, "champion", 1, null));
                awaitVersion("tunestream-spam-champion", "1");
                send(events, event("e2", DeploymentAction.PROMOTE, "champion", 2, 1));
                awaitVersion("tunestream-spam-champion", "2");
                send(events, event("e3", DeploymentAction.ROLLBACK, "champion", 1, 2));
                awaitVersion("tunestream-spam-champion", "1");
            }

            // When the watcher is down: a promotion (delivered twice), an archive, a second alias, and garbage
            DeploymentEvent e4 = event("e4", DeploymentAction.PROMOTE, "champion", 3, 1);
            send(events, e4);
            send(events, e4);
            send(events, event("e5", DeploymentAction.ARCHIVE, null, 2, null));
            send(events, event("e6", DeploymentAction.PROMOTE, "challenger", 2, null));
            try (KafkaProducer<String, byte[]> raw = KafkaTestSupport.producer(Map.of(), new StringSerializer(),
                    new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(topic, "spam", "not avro".getBytes(StandardCharsets.UTF_8))).get();
            }

            // Then a new instance in the same group resumes where the first one committed, and converges
            try (WatcherProcess second = WatcherProcess.start("second", env(group))) {
                awaitVersion("tunestream-spam-champion", "3");
                awaitVersion("tunestream-spam-challenger", "2");
                await().atMost(Duration.ofSeconds(30)).until(() -> second.events("undecodable") == 1.0);
                assertThat(second.events("updated")).as("e4").isEqualTo(1.0);
                assertThat(second.events("already-applied")).as("e4 delivered again").isEqualTo(1.0);
                assertThat(second.events("created")).as("e6, a new alias").isEqualTo(1.0);
                assertThat(second.events("archive")).as("e5").isEqualTo(1.0);
                assertThat(second.events("stale")).as("nothing before the committed offset is read again").isZero();
            }
        }
        ConfigMap champion = kubernetes.configMaps().inNamespace(NAMESPACE).withName("tunestream-spam-champion").get();
        assertThat(champion.getData()).containsEntry("MODEL_NAME", "spam").containsEntry("MODEL_ALIAS", "champion")
                .containsEntry("PREVIOUS_VERSION", "1").containsEntry("DEPLOYMENT_ACTION", "PROMOTE")
                .containsEntry("ARTIFACT_URI", REGISTRY + "/api/models/spam/versions/3/artifact")
                .containsEntry("ARTIFACT_SHA256", SHA).containsEntry("RESOURCES", "cpu=2,nvidia.com/gpu=1");
        assertThat(champion.getMetadata().getAnnotations()).containsEntry("tunestream.io/event-id", "e4");

        // and the API server received exactly one write per event that moved an alias, in log order
        Map<String, List<String>> writes = writtenVersions();
        assertThat(writes.get("tunestream-spam-champion")).containsExactly("1", "2", "1", "3");
        assertThat(writes.get("tunestream-spam-challenger")).containsExactly("2");
    }

    private Map<String, String> env(String group) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", KafkaTestSupport.bootstrapServers(),
                "TUNESTREAM_WATCHER_TOPIC_PREFIX", prefix,
                "TUNESTREAM_WATCHER_NAMESPACE", NAMESPACE,
                "TUNESTREAM_WATCHER_GROUP_ID", group,
                // fabric8's own settings, as outside a cluster (in a pod the service account is used)
                "KUBERNETES_MASTER", server.url("/"),
                "KUBERNETES_TRUST_CERTIFICATES", "true");
    }

    private DeploymentEvent event(String id, DeploymentAction action, String alias, int version, Integer previous) {
        clock += 1_000;
        return DeploymentEvent.newBuilder().setEventId(id).setModelName("spam").setVersion(version)
                .setPreviousVersion(previous).setAlias(alias).setAction(action)
                .setArtifactUri(REGISTRY + "/api/models/spam/versions/" + version + "/artifact")
                .setArtifactSha256(SHA).setBaseModel("bundled:all-minilm-l6-v2")
                .setResources(Map.of("cpu", "2", "nvidia.com/gpu", "1")).setActor("admin-token")
                .setProducedAt(Instant.ofEpochMilli(clock)).build();
    }

    private void send(KafkaProducer<String, DeploymentEvent> producer, DeploymentEvent event) throws Exception {
        producer.send(new ProducerRecord<>(topic, event.getModelName(), event)).get();
    }

    private static void awaitVersion(String name, String version) {
        await("ConfigMap " + name + " at version " + version).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    ConfigMap map = kubernetes.configMaps().inNamespace(NAMESPACE).withName(name).get();
                    return map != null && version.equals(map.getData().get("MODEL_VERSION"));
                });
    }

    /** The MODEL_VERSION of every create and update the API server received, by object name, in order. */
    private static Map<String, List<String>> writtenVersions() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<String>> writes = new HashMap<>();
        for (String body : WRITES) {
            var object = json.readTree(body);
            writes.computeIfAbsent(object.path("metadata").path("name").asText(), n -> new ArrayList<>())
                    .add(object.path("data").path("MODEL_VERSION").asText());
        }
        return writes;
    }
}
