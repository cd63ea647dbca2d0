package io.tunestream.examples.watcher.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tunestream.examples.watcher.domain.AliasState;
import io.tunestream.examples.watcher.domain.ObjectNames;
import io.tunestream.examples.watcher.domain.Reconciliation;

import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Brings the ConfigMap of one model alias to the state an event asks for: read the object, decide
 * ({@link Reconciliation}), and write only when the event is newer than what the object records. Writes are
 * conditional on the {@code resourceVersion} read (create fails if the object appeared, update fails if it
 * changed): on such a conflict (HTTP 409) the object is read again and the decision made again, so two watchers,
 * or a watcher and a person, never lose each other's newer write. Other API errors are thrown: the event is not
 * acknowledged, so its offset is not committed and it is applied again after a restart.
 */
public class AliasObjectReconciler {

    /** What reconciling one event did. */
    public enum Outcome {
        CREATED, UPDATED, ALREADY_APPLIED, STALE,
        /** An object of that name exists without the watcher's label: it is left alone. */
        NOT_OWNED
    }

    private final KubernetesClient client;
    private final String namespace;
    private final ObjectNames names;
    private final int conflictRetries;

    /**
     * @param client          the Kubernetes client
     * @param namespace       namespace of the objects
     * @param names           how objects are named
     * @param conflictRetries how often a conflicting write is retried (read, decide, write) before failing
     */
    public AliasObjectReconciler(KubernetesClient client, String namespace, ObjectNames names, int conflictRetries) {
        this.client = client;
        this.namespace = namespace;
        this.names = names;
        this.conflictRetries = conflictRetries;
    }

    /** The name of the object of an alias of a model. */
    public String objectName(String model, String alias) {
        return names.forAlias(model, alias);
    }

    /** Applies the state; see the class comment. */
    public Outcome reconcile(AliasState desired) {
        String name = objectName(desired.model(), desired.alias());
        for (int attempt = 0; ; attempt++) {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(name).get();
            if (current != null && !AliasConfigMaps.isManaged(current)) {
                return Outcome.NOT_OWNED;
            }
            Optional<Reconciliation.AppliedEvent> applied = current == null ? Optional.empty()
                    : AliasConfigMaps.applied(current);
            Reconciliation decision = Reconciliation.decide(desired, current != null, applied);
            if (!decision.writes()) {
                return decision == Reconciliation.STALE ? Outcome.STALE : Outcome.ALREADY_APPLIED;
            }
            try {
                return write(decision, AliasConfigMaps.of(desired, name, namespace), current);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= conflictRetries) {
                    throw e;
                }
            }
        }
    }

    private Outcome write(Reconciliation decision, ConfigMap next, ConfigMap current) {
        if (decision == Reconciliation.CREATE) {
            client.configMaps().inNamespace(namespace).resource(next).create();
            return Outcome.CREATED;
        }
        // Optimistic lock: the update only succeeds if nobody wrote the object since it was read.
        next.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        client.configMaps().inNamespace(namespace).resource(next).update();
        return Outcome.UPDATED;
    }
}
