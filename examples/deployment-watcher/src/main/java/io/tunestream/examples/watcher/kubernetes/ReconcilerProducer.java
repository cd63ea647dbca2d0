package io.tunestream.examples.watcher.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tunestream.examples.watcher.config.WatcherConfig;
import io.tunestream.examples.watcher.domain.ObjectNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the reconciler from the Quarkus-configured Kubernetes client and the watcher's settings. */
@ApplicationScoped
public class ReconcilerProducer {

    @Produces
    @Singleton
    AliasObjectReconciler reconciler(KubernetesClient client, WatcherConfig config) {
        String namespace = config.namespace().filter(n -> !n.isBlank()).orElseGet(client::getNamespace);
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalStateException("no namespace for the watcher's objects: set tunestream.watcher.namespace "
                    + "(or quarkus.kubernetes-client.namespace, or run in a pod)");
        }
        return new AliasObjectReconciler(client, namespace, new ObjectNames(config.objectPrefix()),
                config.conflictRetries());
    }
}
