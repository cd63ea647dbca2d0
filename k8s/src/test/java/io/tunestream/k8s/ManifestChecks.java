package io.tunestream.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.tunestream.schemas.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks of topics, security contexts, secrets, GPU pinning and network-policy peers, each returning the problems it found (empty when all
 * is well), so that the same checks run on the real manifests and on deliberately broken ones. See also
 * {@link WorkloadChecks}.
 */
final class ManifestChecks {

    /** Topics of the infrastructure, not of tunestream: Apicurio's kafkasql journal. */
    static final Set<String> INFRASTRUCTURE_TOPICS = Set.of("kafkasql-journal");

    private ManifestChecks() {
    }

    /** Every topic tunestream uses (default prefix), with whether it is compacted: the base topics and their DLQs. */
    static Map<String, Boolean> expectedTopics() {
        Map<String, Boolean> topics = new LinkedHashMap<>();
        Topics.all().forEach(base -> topics.put(Topics.name(null, base), Topics.isCompacted(base)));
        Topics.consumed().forEach(base -> topics.put(Topics.dlq(Topics.name(null, base)), false));
        return topics;
    }

    /** Missing, unknown or mis-configured KafkaTopics. */
    static List<String> topicProblems(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        Map<String, Boolean> expected = expectedTopics();
        Map<String, GenericKubernetesResource> declared = new LinkedHashMap<>();
        for (GenericKubernetesResource topic : manifests.custom("KafkaTopic")) {
            String name = Objects.requireNonNullElse(topic.get("spec", "topicName"), topic.getMetadata().getName());
            declared.put(name, topic);
            if (!expected.containsKey(name) && !INFRASTRUCTURE_TOPICS.contains(name)) {
                problems.add("KafkaTopic " + name + " is not a topic tunestream uses");
            }
        }
        expected.forEach((name, compacted) -> {
            GenericKubernetesResource topic = declared.get(name);
            if (topic == null) {
                problems.add("missing KafkaTopic " + name);
                return;
            }
            String policy = topic.get("spec", "config", "cleanup.policy");
            String wanted = compacted ? "compact" : "delete";
            if (!wanted.equals(policy)) {
                problems.add("KafkaTopic " + name + " has cleanup.policy " + policy + ", expected " + wanted);
            }
        });
        return problems;
    }

    /** Containers or pods that may run as root or escalate privileges. */
    static List<String> securityProblems(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : Workload.all(manifests)) {
            PodSpec pod = workload.pod();
            PodSecurityContext podContext = Objects.requireNonNullElse(pod.getSecurityContext(), new PodSecurityContext());
            for (Container container : containers(pod)) {
                SecurityContext context = Objects.requireNonNullElse(container.getSecurityContext(), new SecurityContext());
                String where = workload.name() + "/" + container.getName();
                Boolean nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : podContext.getRunAsNonRoot();
                Long user = context.getRunAsUser() != null ? context.getRunAsUser() : podContext.getRunAsUser();
                if (!Boolean.TRUE.equals(nonRoot)) {
                    problems.add(where + ": runAsNonRoot is not true");
                }
                if (user == null || user == 0L) {
                    problems.add(where + ": runAsUser " + user + " (must be set, and not 0)");
                }
                if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                    problems.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (Boolean.TRUE.equals(context.getPrivileged())) {
                    problems.add(where + ": privileged");
                }
            }
        }
        return problems;
    }

    /** Secrets whose values are in the manifests. */
    static List<String> secretProblems(Manifests manifests) {
        return manifests.all(Secret.class).stream()
                .filter(s -> s.getData() != null && !s.getData().isEmpty()
                        || s.getStringData() != null && !s.getStringData().isEmpty())
                .map(s -> "Secret " + s.getMetadata().getName() + " carries literal data").toList();
    }

    /** Which GPU pinning a workload carries: {@code gpu-limit}, {@code toleration}, {@code node-selector}, {@code affinity}. */
    static Set<String> gpuPinning(Workload workload) {
        PodSpec pod = workload.pod();
        Set<String> pinning = new TreeSet<>();
        containers(pod).stream().map(Container::getResources).filter(Objects::nonNull)
                .filter(r -> r.getLimits() != null && r.getLimits().containsKey("nvidia.com/gpu")).findAny()
                .ifPresent(r -> pinning.add("gpu-limit"));
        if (pod.getTolerations() != null && pod.getTolerations().stream()
                .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()) && "NoSchedule".equals(t.getEffect()))) {
            pinning.add("toleration");
        }
        if (pod.getNodeSelector() != null && pod.getNodeSelector().keySet().stream().anyMatch(k -> k.startsWith("nvidia.com/"))) {
            pinning.add("node-selector");
        }
        if (pod.getAffinity() != null && pod.getAffinity().getNodeAffinity() != null) {
            pinning.add("affinity");
        }
        return pinning;
    }

    /** Whether a label selector (matchLabels and In / NotIn / Exists expressions) selects these labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        boolean matchLabels = selector.getMatchLabels() == null || selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        return matchLabels && selector.getMatchExpressions().stream().allMatch(e -> switch (e.getOperator()) {
            case "In" -> e.getValues().contains(labels.get(e.getKey()));
            case "NotIn" -> !e.getValues().contains(labels.get(e.getKey()));
            case "Exists" -> labels.containsKey(e.getKey());
            case "DoesNotExist" -> !labels.containsKey(e.getKey());
            default -> throw new IllegalArgumentException("unknown operator " + e.getOperator());
        });
    }

    /** Every peer that may reach pods with these labels, as "pods k=v" / "namespaces k=v" / "anyone". */
    static Set<String> ingressPeers(Manifests manifests, Map<String, String> labels) {
        Set<String> peers = new TreeSet<>();
        for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
            if (!selects(policy.getSpec().getPodSelector(), labels)) {
                continue;
            }
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                if (rule.getFrom().isEmpty()) {
                    peers.add("anyone");
                }
                rule.getFrom().stream().map(ManifestChecks::describe).forEach(peers::add);
            }
        }
        return peers;
    }

    /** A NetworkPolicy peer as "pods k=v,..." or "namespaces k=v,...", expressions as "key in [values]". */
    static String describe(NetworkPolicyPeer peer) {
        String kind = peer.getNamespaceSelector() != null ? "namespaces " : "pods ";
        LabelSelector selector = peer.getNamespaceSelector() != null ? peer.getNamespaceSelector() : peer.getPodSelector();
        Stream<String> labels = selector.getMatchLabels() == null ? Stream.empty()
                : selector.getMatchLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted();
        Stream<String> expressions = selector.getMatchExpressions().stream()
                .map(e -> e.getKey() + " " + e.getOperator().toLowerCase(Locale.ROOT) + " " + e.getValues());
        return kind + Stream.concat(labels, expressions).collect(Collectors.joining(","));
    }

    static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        all.addAll(pod.getInitContainers());
        return all;
    }
}
