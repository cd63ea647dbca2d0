package io.tunestream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The resources of a Kustomize directory as {@code kubectl kustomize} renders them ({@link Kustomize}), each document
 * of its YAML stream kept as a tree (for schema validation) and parsed with fabric8's Kubernetes model: built-in kinds
 * become their typed classes ({@code Deployment}, {@code Service}, ...), custom ones (Strimzi, KEDA, Prometheus
 * Operator) {@link GenericKubernetesResource}.
 */
final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    /** One kubectl run per directory and test JVM: every test class reads the same rendering. */
    private static final Map<Path, Manifests> RENDERED = new ConcurrentHashMap<>();

    private final List<JsonNode> documents;
    private final List<HasMetadata> resources;

    private Manifests(List<JsonNode> documents) {
        this.documents = List.copyOf(documents);
        this.resources = documents.stream().map(Manifests::toModel).toList();
    }

    /** Renders the kustomization in {@code dir} with {@code kubectl kustomize}. */
    static Manifests render(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> parse(Kustomize.build(d)));
    }

    /** Parses a (multi-document) YAML stream as it stands. */
    static Manifests parse(String yaml) {
        return new Manifests(documents(yaml));
    }

    /** Every directory under {@code overlaysRoot} that holds a kustomization.yaml. */
    static List<Path> overlays(Path overlaysRoot) {
        try (Stream<Path> dirs = Files.list(overlaysRoot)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parsed kustomization.yaml of {@code dir}, for checks on the kustomization itself. */
    static JsonNode kustomization(Path dir) {
        try {
            return YAML.readTree(Files.readString(dir.resolve("kustomization.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents as YAML trees, in the order kubectl printed them. */
    List<JsonNode> documents() {
        return documents;
    }

    List<HasMetadata> all() {
        return resources;
    }

    /** Every resource of a typed kind. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every custom resource of a kind, e.g. {@code KafkaTopic}. */
    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static HasMetadata toModel(JsonNode tree) {
        KubernetesResource resource = KUBERNETES.convertValue(tree, KubernetesResource.class);
        if (!(resource instanceof HasMetadata hasMetadata)) {
            throw new IllegalArgumentException("not a Kubernetes object: " + tree);
        }
        return hasMetadata;
    }

    private static List<JsonNode> documents(String yaml) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
