package io.tunestream.examples.watcher.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tunestream.examples.watcher.domain.AliasState;
import io.tunestream.examples.watcher.domain.EventPosition;
import io.tunestream.examples.watcher.domain.ObjectNames;
import io.tunestream.examples.watcher.kubernetes.AliasObjectReconciler.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciler against fabric8's mock API server in CRUD mode (objects are stored, resourceVersions kept). */
@EnableKubernetesMockClient(crud = true)
class AliasObjectReconcilerTest {

    private static final String NAMESPACE = "models";

    static KubernetesClient client;

    private AliasObjectReconciler reconciler;

    @BeforeEach
    void setUp() {
        reconciler = new AliasObjectReconciler(client, NAMESPACE, new ObjectNames("tunestream-"), 3);
    }

    @Test
    void shouldFollowPromotionsAndARollbackWhenEventsArriveInOrder() {
        // When champion goes 1 -> 2 -> back to 1
        Outcome created = reconciler.reconcile(state("a", "e1", 1, null, "PROMOTE", 10));
        Outcome promoted = reconciler.reconcile(state("a", "e2", 2, 1, "PROMOTE", 11));
        Outcome rolledBack = reconciler.reconcile(state("a", "e3", 1, 2, "ROLLBACK", 12));

        // Then
        assertThat(List.of(created, promoted, rolledBack)).containsExactly(Outcome.CREATED, Outcome.UPDATED,
                Outcome.UPDATED);
        ConfigMap map = object("a");
        assertThat(map.getData()).containsEntry("MODEL_VERSION", "1").containsEntry("PREVIOUS_VERSION", "2")
                .containsEntry("DEPLOYMENT_ACTION", "ROLLBACK").containsEntry("MODEL_ALIAS", "champion")
                .containsEntry("ARTIFACT_URI", "http://registry:8080/api/models/a/versions/1/artifact")
                .containsEntry("RESOURCES", "cpu=2,memory=4Gi");
        assertThat(map.getMetadata().getLabels()).containsEntry(AliasConfigMaps.MANAGED_BY, AliasConfigMaps.WATCHER);
        assertThat(map.getMetadata().getAnnotations()).containsEntry(AliasConfigMaps.EVENT_ID, "e3")
                .containsEntry(AliasConfigMaps.EVENT_POSITION, "0/12");
    }

    @Test
    void shouldWriteNothingWhenTheWholeLogIsReplayed() {
        // Given
        List<AliasState> log = List.of(state("b", "e1", 1, null, "PROMOTE", 20), state("b", "e2", 2, 1, "PROMOTE", 21),
                state("b", "e3", 1, 2, "ROLLBACK", 22));
        log.forEach(reconciler::reconcile);
        String resourceVersion = object("b").getMetadata().getResourceVersion();

        // When
        List<Outcome> replayed = log.stream().map(reconciler::reconcile).toList();

        // Then: older events are stale, the last one is already there, and the object was not written
        assertThat(replayed).containsExactly(Outcome.STALE, Outcome.STALE, Outcome.ALREADY_APPLIED);
        assertThat(object("b").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
        assertThat(object("b").getData()).containsEntry("MODEL_VERSION", "1");
    }

    @Test
    void shouldLeaveAnObjectItDoesNotManageAlone() {
        // Given a ConfigMap of that name made by someone else
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("tunestream-c-champion").endMetadata().addToData("MODEL_VERSION", "7").build()).create();

        // When
        Outcome outcome = reconciler.reconcile(state("c", "e1", 1, null, "PROMOTE", 30));

        // Then
        assertThat(outcome).isEqualTo(Outcome.NOT_OWNED);
        assertThat(object("c").getData()).containsExactly(Map.entry("MODEL_VERSION", "7"));
    }

    private static ConfigMap object(String model) {
        return client.configMaps().inNamespace(NAMESPACE).withName("tunestream-" + model + "-champion").get();
    }

    private static AliasState state(String model, String eventId, int version, Integer previous, String action,
                                    long offset) {
        return new AliasState(model, "champion", version, previous, action,
                "http://registry:8080/api/models/" + model + "/versions/" + version + "/artifact", "ab".repeat(32),
                "bundled:all-minilm-l6-v2", Map.of("memory", "4Gi", "cpu", "2"), eventId, "admin-token",
                new EventPosition(0, offset, 1_000 + offset));
    }
}
