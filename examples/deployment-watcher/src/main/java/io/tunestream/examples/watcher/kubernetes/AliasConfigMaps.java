package io.tunestream.examples.watcher.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.tunestream.examples.watcher.domain.AliasState;
import io.tunestream.examples.watcher.domain.EventPosition;
import io.tunestream.examples.watcher.domain.Reconciliation.AppliedEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ConfigMap of a model alias. Its data uses environment-variable names, so a serving Deployment takes it whole
 * with {@code envFrom: [{configMapRef: {name: ...}}]}; its annotations record the event that last wrote it (id,
 * log position, time), which is how the watcher stays idempotent and ignores older events.
 */
public final class AliasConfigMaps {

    /** Label on every object the watcher manages; it never writes an object without it. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY}. */
    public static final String WATCHER = "tunestream-deployment-watcher";
    /** Annotation: id of the event that last wrote the object. */
    public static final String EVENT_ID = "tunestream.io/event-id";
    /** Annotation: {@code partition/offset} of that event in the deployments topic. */
    public static final String EVENT_POSITION = "tunestream.io/event-position";
    /** Annotation: when the registry made that event (epoch milliseconds). */
    public static final String EVENT_PRODUCED_AT = "tunestream.io/event-produced-at";

    private AliasConfigMaps() {
    }

    /** The desired object for an alias' state. */
    public static ConfigMap of(AliasState state, String name, String namespace) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("MODEL_NAME", state.model());
        data.put("MODEL_ALIAS", state.alias());
        data.put("MODEL_VERSION", Integer.toString(state.version()));
        putIfPresent(data, "PREVIOUS_VERSION", state.previousVersion() == null ? null : state.previousVersion().toString());
        data.put("DEPLOYMENT_ACTION", state.action());
        putIfPresent(data, "ARTIFACT_URI", state.artifactUri());
        putIfPresent(data, "ARTIFACT_SHA256", state.artifactSha256());
        putIfPresent(data, "BASE_MODEL", state.baseModel());
        putIfPresent(data, "DEPLOYED_BY", state.actor());
        data.put("RESOURCES", new TreeMap<>(state.resources()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        EventPosition position = state.position();
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(MANAGED_BY, WATCHER)
                .addToAnnotations(EVENT_ID, state.eventId())
                .addToAnnotations(EVENT_POSITION, position.toString())
                .addToAnnotations(EVENT_PRODUCED_AT, Long.toString(position.producedAt()))
                .endMetadata()
                .withData(data)
                .build();
    }

    /** Whether the watcher owns the object (it carries the watcher's label). */
    public static boolean isManaged(ConfigMap map) {
        Map<String, String> labels = map.getMetadata().getLabels();
        return labels != null && WATCHER.equals(labels.get(MANAGED_BY));
    }

    /** The event that last wrote a managed object, read from its annotations; empty when they are missing or bad. */
    public static Optional<AppliedEvent> applied(ConfigMap map) {
        Map<String, String> annotations = map.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(EVENT_ID)) {
            return Optional.empty();
        }
        try {
            String[] position = annotations.get(EVENT_POSITION).split("/", 2);
            return Optional.of(new AppliedEvent(annotations.get(EVENT_ID), new EventPosition(
                    Integer.parseInt(position[0]), Long.parseLong(position[1]),
                    Long.parseLong(annotations.get(EVENT_PRODUCED_AT)))));
        } catch (RuntimeException e) { // NullPointerException, NumberFormatException, index out of bounds
            return Optional.empty();
        }
    }

    private static void putIfPresent(Map<String, String> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
