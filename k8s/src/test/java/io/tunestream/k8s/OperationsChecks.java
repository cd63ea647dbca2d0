package io.tunestream.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks of what keeps the services healthy through day-two operations: a PodDisruptionBudget per service that lets
 * a drain proceed one pod at a time, startup probes on every workload, and a Prometheus Operator ServiceMonitor that
 * scrapes each service's {@code /q/metrics}. Each returns the problems it found (empty when all is well).
 */
final class OperationsChecks {

    /** SmallRye Health's startup group in Quarkus. */
    static final String STARTED = "/q/health/started";
    /** Micrometer's Prometheus endpoint in Quarkus. */
    static final String METRICS = "/q/metrics";
    static final String SERVICE_MONITOR_API = "monitoring.coreos.com/v1";

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private OperationsChecks() {
    }

    /**
     * Services with no PodDisruptionBudget or more than one, budgets that allow no eviction at the workload's
     * replicas (a node drain would hang) or every replica at once, and budgets that let a never-ready pod block a drain.
     */
    static List<String> disruptionBudgetProblems(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : WorkloadChecks.tunestreamWorkloads(manifests)) {
            String where = workload.name();
            Map<String, String> labels = workload.podLabels();
            List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class).stream()
                    .filter(b -> ManifestChecks.selects(b.getSpec().getSelector(), labels)).toList();
            if (budgets.size() != 1) {
                problems.add(where + ": " + budgets.size() + " PodDisruptionBudgets select its pods, expected 1");
                continue;
            }
            PodDisruptionBudget budget = budgets.get(0);
            int replicas = workload.replicas();
            int evictable = evictable(budget, replicas);
            if (evictable < 1) {
                problems.add(where + ": PodDisruptionBudget " + budget.getMetadata().getName() + " allows no eviction at "
                        + replicas + " replicas, a node drain would hang");
            } else if (replicas > 1 && evictable >= replicas) {
                problems.add(where + ": PodDisruptionBudget " + budget.getMetadata().getName() + " lets all " + replicas
                        + " replicas go at once");
            }
            if (!"AlwaysAllow".equals(budget.getSpec().getUnhealthyPodEvictionPolicy())) {
                problems.add(where + ": PodDisruptionBudget " + budget.getMetadata().getName()
                        + " lets a pod that never gets ready block drains (unhealthyPodEvictionPolicy is not AlwaysAllow)");
            }
        }
        return problems;
    }

    /** Deployments and StatefulSets whose first container has no HTTP startup probe on its port, or not Quarkus' one. */
    static List<String> startupProbeProblems(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        Workload.all(manifests).forEach(workload -> {
            String where = workload.describe();
            Container container = workload.container();
            Probe probe = container.getStartupProbe();
            if (probe == null || probe.getHttpGet() == null) {
                problems.add(where + ": no HTTP startupProbe");
                return;
            }
            Integer port = probe.getHttpGet().getPort() == null ? null : probe.getHttpGet().getPort().getIntVal();
            if (container.getPorts().stream().noneMatch(p -> p.getContainerPort().equals(port))) {
                problems.add(where + ": startupProbe on port " + port + ", not a port of the container");
            }
            boolean tunestream = container.getImage().startsWith(WorkloadChecks.IMAGE_PREFIX);
            if (tunestream && !STARTED.equals(probe.getHttpGet().getPath())) {
                problems.add(where + ": startupProbe path " + probe.getHttpGet().getPath() + ", expected " + STARTED);
            }
        });
        return problems;
    }

    /** Services whose Service no monitoring.coreos.com/v1 ServiceMonitor scrapes on /q/metrics of the container port. */
    static List<String> scrapeProblems(Manifests manifests) {
        List<GenericKubernetesResource> monitors = manifests.custom("ServiceMonitor");
        List<String> problems = new ArrayList<>();
        monitors.stream().filter(m -> !SERVICE_MONITOR_API.equals(m.getApiVersion()))
                .forEach(m -> problems.add("ServiceMonitor " + m.getMetadata().getName() + ": apiVersion "
                        + m.getApiVersion() + ", expected " + SERVICE_MONITOR_API));
        for (Workload workload : WorkloadChecks.tunestreamWorkloads(manifests)) {
            Container container = workload.container();
            int port = container.getPorts().get(0).getContainerPort();
            boolean scraped = WorkloadChecks.servicesOf(manifests, workload).stream()
                    .anyMatch(service -> monitors.stream().anyMatch(m -> scrapes(m, service, port)));
            if (!scraped) {
                problems.add(workload.name() + ": no ServiceMonitor scrapes " + METRICS
                        + " on its Service's port " + port);
            }
        }
        return problems;
    }

    private static boolean scrapes(GenericKubernetesResource monitor, Service service, int containerPort) {
        LabelSelector selector = KUBERNETES.convertValue(monitor.get("spec", "selector"), LabelSelector.class);
        List<String> namespaces = Objects.requireNonNullElse(monitor.get("spec", "namespaceSelector", "matchNames"),
                List.of(monitor.getMetadata().getNamespace()));
        if (!ManifestChecks.selects(selector, service.getMetadata().getLabels())
                || !namespaces.contains(service.getMetadata().getNamespace())) {
            return false;
        }
        List<Map<String, Object>> endpoints = Objects.requireNonNullElse(monitor.get("spec", "endpoints"), List.of());
        return endpoints.stream().anyMatch(endpoint -> METRICS.equals(endpoint.get("path"))
                && service.getSpec().getPorts().stream().anyMatch(p -> p.getName() != null
                        && p.getName().equals(endpoint.get("port")) && targets(p, containerPort)));
    }

    private static boolean targets(ServicePort port, int containerPort) {
        IntOrString target = port.getTargetPort();
        return target != null && Integer.valueOf(containerPort).equals(target.getIntVal());
    }

    /** Pods a budget lets go at once when all {@code replicas} are healthy (Kubernetes rounds percentages up). */
    static int evictable(PodDisruptionBudget budget, int replicas) {
        IntOrString min = budget.getSpec().getMinAvailable();
        IntOrString max = budget.getSpec().getMaxUnavailable();
        if (min != null) {
            return replicas - scaled(min, replicas);
        }
        return max == null ? replicas : Math.min(replicas, scaled(max, replicas));
    }

    private static int scaled(IntOrString value, int replicas) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        int percent = Integer.parseInt(value.getStrVal().replace("%", ""));
        return (int) Math.ceil(replicas * percent / 100.0);
    }
}
