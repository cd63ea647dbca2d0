package io.tunestream.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of the workloads against the code: each Deployment's and StatefulSet's image names a module of the repository, its Service and
 * probes point at its container port, its health probes at the Quarkus health paths, and every environment variable it
 * gets sets a real configuration key of that module. Each returns the problems it found (empty when all is well).
 */
final class WorkloadChecks {

    /** Where tunestream's service images live: {@code ghcr.io/tunestream/<module>:<version>}. */
    static final String IMAGE_PREFIX = "ghcr.io/tunestream/";
    /** The Quarkus health endpoints. */
    static final String READY = "/q/health/ready";
    static final String LIVE = "/q/health/live";

    private WorkloadChecks() {
    }

    /** Images naming no module, Services or probes pointing elsewhere than the container port, wrong health paths. */
    static List<String> serviceProblems(Manifests manifests, Path repositoryRoot) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.all(manifests)) {
            Container container = workload.container();
            String where = workload.name();
            if (container.getPorts() == null || container.getPorts().size() != 1) {
                problems.add(where + ": expected exactly one container port");
                continue;
            }
            int port = container.getPorts().get(0).getContainerPort();
            boolean tunestream = container.getImage().startsWith(IMAGE_PREFIX);
            if (tunestream && !Files.isRegularFile(repositoryRoot.resolve(module(container)).resolve("pom.xml"))) {
                problems.add(where + ": image " + container.getImage() + " names no module of the repository");
            }
            List<Service> services = servicesOf(manifests, workload);
            if (services.isEmpty()) {
                problems.add(where + ": no Service selects its pods");
            }
            for (Service service : services) {
                for (ServicePort servicePort : service.getSpec().getPorts()) {
                    if (resolve(servicePort.getTargetPort(), container) != port) {
                        problems.add("Service " + service.getMetadata().getName() + " targets port "
                                + describe(servicePort.getTargetPort()) + ", the container listens on " + port);
                    }
                }
            }
            problems.addAll(probeProblems(where + " readiness", container.getReadinessProbe(), container, port,
                    tunestream ? READY : null));
            problems.addAll(probeProblems(where + " liveness", container.getLivenessProbe(), container, port,
                    tunestream ? LIVE : null));
        }
        return problems;
    }

    /**
     * Environment variables that set no real configuration key of the service, a missing or wrong Kafka bootstrap
     * address, and file paths handed to a service that lie on no mounted volume (the root file system is read-only).
     */
    static List<String> environmentProblems(Manifests manifests, Path repositoryRoot) {
        List<String> problems = new ArrayList<>();
        String bootstrap = bootstrapAddress(manifests);
        for (Workload workload : tunestreamWorkloads(manifests)) {
            Container container = workload.container();
            String where = workload.name();
            ServiceConfigKeys keys = ServiceConfigKeys.of(repositoryRoot.resolve(module(container)));
            Map<String, String> environment = environment(manifests, container, problems);
            if (!environment.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                problems.add(where + ": no KAFKA_BOOTSTRAP_SERVERS");
            } else if (bootstrap != null && !bootstrap.equals(environment.get("KAFKA_BOOTSTRAP_SERVERS"))) {
                problems.add(where + ": KAFKA_BOOTSTRAP_SERVERS " + environment.get("KAFKA_BOOTSTRAP_SERVERS")
                        + " is not the Kafka bootstrap " + bootstrap);
            }
            environment.forEach((name, value) -> {
                if (!keys.accepts(name)) {
                    problems.add(where + ": " + name + " sets no configuration key of " + module(container));
                }
                if (value.startsWith("/") && container.getVolumeMounts().stream()
                        .noneMatch(m -> value.equals(m.getMountPath()) || value.startsWith(m.getMountPath() + "/"))) {
                    problems.add(where + ": " + name + "=" + value + " is on no mounted volume");
                }
            });
        }
        return problems;
    }

    /** The Deployments and StatefulSets running one of tunestream's own images. */
    static List<Workload> tunestreamWorkloads(Manifests manifests) {
        return Workload.all(manifests).stream().filter(w -> w.container().getImage().startsWith(IMAGE_PREFIX)).toList();
    }

    /** The module an image is built from: {@code ghcr.io/tunestream/clean-service:0.1.0} is {@code clean-service}. */
    static String module(Container container) {
        String path = container.getImage().substring(IMAGE_PREFIX.length());
        return path.contains(":") ? path.substring(0, path.indexOf(':')) : path;
    }

    /** A container's environment: the ConfigMaps of its envFrom and its env (values from elsewhere as "&lt;ref&gt;"). */
    static Map<String, String> environment(Manifests manifests, Container container, List<String> problems) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            String name = source.getConfigMapRef() != null ? source.getConfigMapRef().getName() : null;
            manifests.find(ConfigMap.class, String.valueOf(name)).ifPresentOrElse(
                    configMap -> environment.putAll(configMap.getData()),
                    () -> problems.add(container.getName() + ": envFrom names no ConfigMap of the manifests: " + name));
        }
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), variable.getValue() != null ? variable.getValue() : "<ref>");
        }
        return environment;
    }

    /** {@code <kafka>-kafka-bootstrap:<port of the tls listener>}, from the Kafka resource; null when there is none. */
    static String bootstrapAddress(Manifests manifests) {
        return manifests.custom("Kafka").stream().findFirst().map(kafka -> {
            List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
            Object port = listeners.stream().filter(l -> "tls".equals(l.get("name"))).findFirst()
                    .map(l -> l.get("port")).orElse(null);
            return kafka.getMetadata().getName() + "-kafka-bootstrap:" + port;
        }).orElse(null);
    }

    /** The Services whose selector matches the pods of a workload. */
    static List<Service> servicesOf(Manifests manifests, Workload workload) {
        Map<String, String> labels = workload.podLabels();
        return manifests.all(Service.class).stream().filter(s -> s.getSpec().getSelector() != null
                && labels.entrySet().containsAll(s.getSpec().getSelector().entrySet())).toList();
    }

    private static List<String> probeProblems(String where, Probe probe, Container container, int port, String path) {
        if (probe == null || probe.getHttpGet() == null) {
            return List.of(where + " probe: missing (an HTTP GET is expected)");
        }
        HTTPGetAction get = probe.getHttpGet();
        List<String> problems = new ArrayList<>();
        if (resolve(get.getPort(), container) != port) {
            problems.add(where + " probe: port " + describe(get.getPort()) + ", the container listens on " + port);
        }
        if (path != null && !path.equals(get.getPath())) {
            problems.add(where + " probe: path " + get.getPath() + ", expected " + path);
        }
        return problems;
    }

    private static String describe(IntOrString port) {
        return port == null ? "none" : port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
    }

    private static int resolve(IntOrString port, Container container) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .mapToInt(p -> p.getContainerPort()).findFirst().orElse(-1);
    }
}
