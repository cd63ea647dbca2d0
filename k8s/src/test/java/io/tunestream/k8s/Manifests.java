package io.tunestream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resources of a Kustomize directory, rendered the way {@code kubectl kustomize} does for the features tunestream
 * uses ({@code resources} files and directories, {@code namespace}, {@code images}, RFC 6902 {@code patches} with a
 * kind/name target), and parsed with fabric8's Kubernetes model: built-in kinds become their typed classes
 * ({@code Deployment}, {@code Service}, ...), custom ones (Strimzi, KEDA) {@link GenericKubernetesResource}.
 */
final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private final List<HasMetadata> resources;

    private Manifests(List<HasMetadata> resources) {
        this.resources = List.copyOf(resources);
    }

    /** Renders the kustomization in {@code dir}. */
    static Manifests render(Path dir) {
        return new Manifests(renderTrees(dir).stream().map(Manifests::toModel).toList());
    }

    /** Parses a (multi-document) YAML string as it stands, without any kustomization. */
    static Manifests parse(String yaml) {
        return new Manifests(documents(yaml).stream().map(Manifests::toModel).toList());
    }

    /** The parsed kustomization.yaml of {@code dir}, for checks on the kustomization itself. */
    static JsonNode kustomization(Path dir) {
        return read(dir.resolve("kustomization.yaml"));
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

    private static List<JsonNode> renderTrees(Path dir) {
        JsonNode kustomization = kustomization(dir);
        List<JsonNode> trees = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            trees.addAll(Files.isDirectory(path) ? renderTrees(path) : documents(readString(path)));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(trees, patch, dir);
        }
        for (JsonNode image : kustomization.path("images")) {
            trees.forEach(tree -> setImage(tree, image));
        }
        if (kustomization.hasNonNull("namespace")) {
            trees.stream().filter(t -> !"Namespace".equals(t.path("kind").asText()))
                    .forEach(t -> ((ObjectNode) t.path("metadata")).put("namespace", kustomization.get("namespace").asText()));
        }
        return trees;
    }

    private static void applyPatch(List<JsonNode> trees, JsonNode patch, Path dir) {
        JsonNode target = patch.path("target");
        JsonNode operations = patch.has("path") ? read(dir.resolve(patch.get("path").asText()))
                : parseTree(patch.path("patch").asText());
        if (!operations.isArray()) {
            throw new IllegalArgumentException("only RFC 6902 patches are rendered here: " + patch);
        }
        for (int i = 0; i < trees.size(); i++) {
            JsonNode tree = trees.get(i);
            if (tree.path("kind").asText().equals(target.path("kind").asText())
                    && tree.path("metadata").path("name").asText().equals(target.path("name").asText())) {
                trees.set(i, JsonPatch.apply(operations, tree));
            }
        }
    }

    /** The {@code images:} transformer: a container image whose name matches gets the new name and/or tag. */
    private static void setImage(JsonNode tree, JsonNode image) {
        JsonNode podSpec = tree.path("spec").path("template").path("spec");
        for (String field : List.of("containers", "initContainers")) {
            for (JsonNode container : podSpec.path(field)) {
                String current = container.path("image").asText();
                int colon = current.lastIndexOf(':');
                String name = colon > current.lastIndexOf('/') ? current.substring(0, colon) : current;
                String tag = colon > current.lastIndexOf('/') ? current.substring(colon + 1) : "latest";
                if (name.equals(image.path("name").asText())) {
                    ((ObjectNode) container).put("image", image.path("newName").asText(name) + ":"
                            + image.path("newTag").asText(tag));
                }
            }
        }
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

    /** The first document of a file (readTree, not readValues: a top-level list must stay one list). */
    private static JsonNode read(Path file) {
        return parseTree(readString(file));
    }

    private static JsonNode parseTree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
