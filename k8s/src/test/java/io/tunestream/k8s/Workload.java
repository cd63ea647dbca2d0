package io.tunestream.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Deployment or a StatefulSet, as the checks read either: its name, replicas and pod template (the same type in
 * both). ingest-service is a StatefulSet (stable pod names are its upload transactional ids), the other services
 * Deployments; the checks hold for both.
 *
 * @param kind     {@code Deployment} or {@code StatefulSet}
 * @param name     its metadata name
 * @param replicas its replicas (1 when unset, as Kubernetes defaults it)
 * @param template its pod template
 */
record Workload(String kind, String name, int replicas, PodTemplateSpec template) {

    /** The Deployments, then the StatefulSets, of the manifests. */
    static List<Workload> all(Manifests manifests) {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment d : manifests.all(Deployment.class)) {
            workloads.add(new Workload("Deployment", d.getMetadata().getName(),
                    Objects.requireNonNullElse(d.getSpec().getReplicas(), 1), d.getSpec().getTemplate()));
        }
        for (StatefulSet s : manifests.all(StatefulSet.class)) {
            workloads.add(new Workload("StatefulSet", s.getMetadata().getName(),
                    Objects.requireNonNullElse(s.getSpec().getReplicas(), 1), s.getSpec().getTemplate()));
        }
        return workloads;
    }

    /** The workload of that name, of either kind. */
    static Workload named(Manifests manifests, String name) {
        return all(manifests).stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment or StatefulSet " + name));
    }

    PodSpec pod() {
        return template.getSpec();
    }

    /** The first (the service's) container. */
    Container container() {
        return pod().getContainers().get(0);
    }

    Map<String, String> podLabels() {
        return template.getMetadata().getLabels();
    }

    /** e.g. {@code StatefulSet ingest-service}. */
    String describe() {
        return kind + " " + name;
    }
}
