package io.tunestream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Day-two operations of the services in the base, as {@code kubectl kustomize} renders it: one PodDisruptionBudget per
 * service that lets drains proceed one pod at a time, a startup probe on every workload ahead of its liveness probe,
 * and a Prometheus Operator ServiceMonitor scraping every service's {@code /q/metrics}, reachable from the
 * {@code monitoring} namespace; and the same checks catching a manifest that lacks them. Every overlay passes the same
 * checks in {@link ManifestTest}.
 */
class OperationsManifestTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
            .resolve("base");

    private final Manifests base = Manifests.render(BASE);

    @Test
    void shouldGiveEveryServiceOneDisruptionBudgetThatDrainsOnePodAtATime() {
        for (Workload workload : WorkloadChecks.tunestreamWorkloads(base)) {
            // Given
            String service = workload.name();
            int replicas = workload.replicas();

            // When
            PodDisruptionBudget budget = base.named(PodDisruptionBudget.class, service);

            // Then
            assertThat(ManifestChecks.selects(budget.getSpec().getSelector(), podLabels(service))).as(service).isTrue();
            assertThat(OperationsChecks.evictable(budget, replicas)).as(service + " pods evictable at once").isEqualTo(1);
        }
        assertThat(OperationsChecks.disruptionBudgetProblems(base)).isEmpty();
        assertThat(base.named(PodDisruptionBudget.class, "registry-service").getSpec().getMinAvailable().getIntVal())
                .isEqualTo(1);
    }

    @Test
    void shouldProbeEveryWorkloadsStartupBeforeItsLivenessWhenPodsStart() {
        // Given
        Map<String, String> startupPaths = new TreeMap<>();

        // When
        Workload.all(base).forEach(w -> startupPaths.put(w.name(),
                w.container().getStartupProbe().getHttpGet().getPath()));

        // Then
        assertThat(OperationsChecks.startupProbeProblems(base)).isEmpty();
        assertThat(startupPaths).hasSize(8).containsEntry("apicurio-registry", "/health/live");
        WorkloadChecks.tunestreamWorkloads(base).forEach(w -> {
            assertThat(startupPaths).containsEntry(w.name(), "/q/health/started");
            assertThat(w.container().getLivenessProbe().getInitialDelaySeconds()).as(w.name()).isNull();
        });
    }

    @Test
    void shouldLetPrometheusScrapeTheMetricsOfEveryServiceWhenTheOperatorIsInstalled() {
        // Given
        GenericKubernetesResource monitor = base.custom("ServiceMonitor").get(0);

        // When
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");

        // Then
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(endpoints).singleElement().satisfies(e -> assertThat(e).containsEntry("path", "/q/metrics")
                .containsEntry("port", "http"));
        assertThat(OperationsChecks.scrapeProblems(base)).isEmpty();
        for (Workload workload : WorkloadChecks.tunestreamWorkloads(base)) {
            assertThat(ManifestChecks.ingressPeers(base, workload.podLabels())).as(workload.name())
                    .contains("namespaces kubernetes.io/metadata.name=monitoring");
        }
    }

    @Test
    void shouldReportMissingBudgetsStartupProbesAndScrapesWhenAServiceLacksThem() {
        // Given: a service with a budget that blocks drains, no startup probe, and a ServiceMonitor on the wrong path
        Manifests broken = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: clean-service, namespace: tunestream}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app.kubernetes.io/name: clean-service}}
                  template:
                    metadata: {labels: {app.kubernetes.io/name: clean-service}}
                    spec:
                      containers:
                        - name: clean-service
                          image: ghcr.io/tunestream/clean-service:0.1.0
                          ports: [{name: http, containerPort: 8080}]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: split-service, namespace: tunestream}
                spec:
                  selector: {matchLabels: {app.kubernetes.io/name: split-service}}
                  template:
                    metadata: {labels: {app.kubernetes.io/name: split-service}}
                    spec:
                      containers:
                        - name: split-service
                          image: ghcr.io/tunestream/split-service:0.1.0
                          ports: [{name: http, containerPort: 8080}]
                          startupProbe: {httpGet: {path: /q/health/live, port: 8080}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: clean-service, namespace: tunestream, labels: {app.kubernetes.io/name: clean-service}}
                spec:
                  selector: {app.kubernetes.io/name: clean-service}
                  ports: [{name: http, port: 8080, targetPort: 8080}]
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: clean-service, namespace: tunestream}
                spec:
                  minAvailable: 100%
                  selector: {matchLabels: {app.kubernetes.io/name: clean-service}}
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: tunestream-services, namespace: tunestream}
                spec:
                  selector: {matchLabels: {app.kubernetes.io/name: clean-service}}
                  endpoints: [{port: http, path: /metrics}]
                """);

        // When / Then
        assertThat(OperationsChecks.disruptionBudgetProblems(broken)).containsExactlyInAnyOrder(
                "clean-service: PodDisruptionBudget clean-service allows no eviction at 2 replicas, a node drain would hang",
                "clean-service: PodDisruptionBudget clean-service lets a pod that never gets ready block drains "
                        + "(unhealthyPodEvictionPolicy is not AlwaysAllow)",
                "split-service: 0 PodDisruptionBudgets select its pods, expected 1");
        assertThat(OperationsChecks.startupProbeProblems(broken)).containsExactlyInAnyOrder(
                "Deployment clean-service: no HTTP startupProbe",
                "Deployment split-service: startupProbe path /q/health/live, expected /q/health/started");
        assertThat(OperationsChecks.scrapeProblems(broken)).containsExactlyInAnyOrder(
                "clean-service: no ServiceMonitor scrapes /q/metrics on its Service's port 8080",
                "split-service: no ServiceMonitor scrapes /q/metrics on its Service's port 8080");
    }

    private Map<String, String> podLabels(String workload) {
        return Workload.named(base, workload).podLabels();
    }
}
