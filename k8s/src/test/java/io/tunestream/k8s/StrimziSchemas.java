package io.tunestream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strimzi's own schemas of its {@code kafka.strimzi.io/v1} resources: the OpenAPI v3 schemas of the CRDs of the
 * Strimzi release k8s/README.md installs (copied unchanged into {@code src/test/resources/strimzi/<release>/}), made
 * strict as the API server's field validation is ({@code kubectl apply} rejects unknown fields): an object schema
 * with {@code properties} admits no other field unless it says {@code x-kubernetes-preserve-unknown-fields}. CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated.
 */
final class StrimziSchemas {

    /** The Strimzi release whose CRDs the manifests are checked against, and which the README installs. */
    static final String RELEASE = "1.0.1";
    /** The only API version Strimzi 1.0 and later serve. */
    static final String API_VERSION = "kafka.strimzi.io/v1";
    static final String GROUP = "kafka.strimzi.io";

    private static final List<String> CRDS = List.of("040-Crd-kafka.yaml", "043-Crd-kafkatopic.yaml",
            "044-Crd-kafkauser.yaml", "045-Crd-kafkanodepool.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final StrimziSchemas INSTANCE = load();

    private final Map<String, Schema> schemas;
    private final Set<String> supportedKafkaVersions;

    private StrimziSchemas(Map<String, Schema> schemas, Set<String> supportedKafkaVersions) {
        this.schemas = schemas;
        this.supportedKafkaVersions = supportedKafkaVersions;
    }

    static StrimziSchemas get() {
        return INSTANCE;
    }

    /** The kinds with a schema: Kafka, KafkaTopic, KafkaUser, KafkaNodePool. */
    Set<String> kinds() {
        return new TreeSet<>(schemas.keySet());
    }

    /** The Kafka versions this Strimzi release runs ({@code supported: true} in its kafka-versions.yaml). */
    Set<String> supportedKafkaVersions() {
        return supportedKafkaVersions;
    }

    /** Why a resource is not a valid Strimzi v1 resource; empty when it is, and for anything not of Strimzi's group. */
    List<String> problems(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        String kind = resource.path("kind").asText();
        String where = kind + " " + resource.path("metadata").path("name").asText();
        if (!apiVersion.startsWith(GROUP + "/")) {
            return List.of();
        }
        if (!API_VERSION.equals(apiVersion)) {
            return List.of(where + ": apiVersion " + apiVersion + ", Strimzi " + RELEASE + " serves only " + API_VERSION);
        }
        Schema schema = schemas.get(kind);
        if (schema == null) {
            return List.of(where + ": no " + API_VERSION + " CRD of Strimzi " + RELEASE + " for kind " + kind);
        }
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(resource)) {
            problems.add(where + ": " + error);
        }
        return problems;
    }

    private static StrimziSchemas load() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (String file : CRDS) {
            JsonNode crd = read(file);
            JsonNode version = versionV1(crd, file);
            JsonNode openApi = version.path("schema").path("openAPIV3Schema").deepCopy();
            schemas.put(crd.path("spec").path("names").path("kind").asText(), registry.getSchema(strict(openApi)));
        }
        Set<String> supported = new TreeSet<>();
        for (JsonNode version : read("kafka-versions.yaml")) {
            if (version.path("supported").asBoolean()) {
                supported.add(version.path("version").asText());
            }
        }
        return new StrimziSchemas(Map.copyOf(schemas), Set.copyOf(supported));
    }

    private static JsonNode versionV1(JsonNode crd, String file) {
        for (JsonNode version : crd.path("spec").path("versions")) {
            if ("v1".equals(version.path("name").asText()) && version.path("served").asBoolean()) {
                return version;
            }
        }
        throw new IllegalStateException(file + " serves no v1");
    }

    /**
     * Closes every object schema of the structural part (properties, items, additionalProperties) that lists its
     * properties, as the API server's strict field validation does. The branches of allOf / anyOf / oneOf only name
     * fields a value must carry (Kubernetes' structural-schema rules), so they stay open.
     */
    static JsonNode strict(JsonNode schema) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode object = (ObjectNode) schema;
        if (object.has("properties") && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(StrimziSchemas::strict);
        strict(object.path("items"));
        strict(object.path("additionalProperties"));
        return schema;
    }

    private static JsonNode read(String file) {
        String resource = "/strimzi/" + RELEASE + "/" + file;
        try (InputStream in = StrimziSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
