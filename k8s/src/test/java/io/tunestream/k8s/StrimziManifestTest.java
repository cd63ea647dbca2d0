package io.tunestream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Strimzi resources (Kafka, KafkaNodePool, KafkaTopic, KafkaUser) are {@code kafka.strimzi.io/v1} resources that
 * Strimzi's own CRD schemas accept, in the base and every overlay as {@code kubectl kustomize} renders them; the Kafka
 * version is one the installed Strimzi runs and the one the services are built with; and the README installs the
 * Strimzi release whose CRDs these tests use.
 */
class StrimziManifestTest {

    private static final Path K8S = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path REPOSITORY = K8S.getParent();
    private static final StrimziSchemas STRIMZI = StrimziSchemas.get();

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void shouldMatchStrimzisV1CrdSchemasWhenKubectlKustomizeRendersTheDirectory(String dir) {
        // Given
        Manifests rendered = Manifests.render(K8S.resolve(dir));
        List<String> problems = new ArrayList<>();
        Set<String> kinds = new TreeSet<>();

        // When
        for (JsonNode resource : rendered.documents()) {
            if (resource.path("apiVersion").asText().startsWith(StrimziSchemas.GROUP + "/")) {
                kinds.add(resource.path("kind").asText());
                problems.addAll(STRIMZI.problems(resource));
            }
        }

        // Then
        assertThat(problems).isEmpty();
        assertThat(kinds).isEqualTo(STRIMZI.kinds()).containsExactly("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser");
    }

    @Test
    void shouldReportOldApiVersionsUnknownFieldsAndWrongTypesWhenAResourceBreaksTheCrd() {
        // Given: v1beta2 (gone in Strimzi 1.0), a misspelt field, a string count, and the pre-v1 singular ACL `operation`
        Manifests broken = Manifests.parse("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: old, labels: {strimzi.io/cluster: tunestream}}
                spec: {partitions: 3}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: typo, labels: {strimzi.io/cluster: tunestream}}
                spec: {partitions: six, replica: 3}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: cli, labels: {strimzi.io/cluster: tunestream}}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: tunestream.models}
                        operation: Read
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaMirrorMaker
                metadata: {name: gone}
                spec: {}
                """);

        // When
        List<String> problems = broken.documents().stream().flatMap(r -> STRIMZI.problems(r).stream()).toList();

        // Then
        assertThat(problems).containsExactlyInAnyOrder(
                "KafkaTopic old: apiVersion kafka.strimzi.io/v1beta2, Strimzi 1.0.1 serves only kafka.strimzi.io/v1",
                "KafkaTopic typo: /spec/partitions: string found, integer expected",
                "KafkaTopic typo: /spec: property 'replica' is not defined in the schema and the schema does not allow "
                        + "additional properties",
                "KafkaUser cli: /spec/authorization/acls/0: required property 'operations' not found",
                "KafkaUser cli: /spec/authorization/acls/0: property 'operation' is not defined in the schema and the "
                        + "schema does not allow additional properties",
                "KafkaMirrorMaker gone: no kafka.strimzi.io/v1 CRD of Strimzi 1.0.1 for kind KafkaMirrorMaker");
    }

    @Test
    void shouldRunTheKafkaVersionTheServicesUseOnAStrimziThatSupportsItWhenTheClusterIsDeclared() throws IOException {
        // Given
        GenericKubernetesResource kafka = Manifests.render(K8S.resolve("base")).custom("Kafka").get(0);
        String built = property(Files.readString(REPOSITORY.resolve("pom.xml")), "kafka.version");

        // When
        String version = kafka.get("spec", "kafka", "version");
        String metadataVersion = kafka.get("spec", "kafka", "metadataVersion");

        // Then
        assertThat(STRIMZI.supportedKafkaVersions()).contains(version);
        assertThat(version).isEqualTo(built);
        assertThat(metadataVersion).startsWith(version.substring(0, version.lastIndexOf('.')) + "-IV");
    }

    @Test
    void shouldInstallTheStrimziReleaseWhoseCrdsTheTestsUseWhenTheReadmeIsFollowed() throws IOException {
        // Given
        String readme = Files.readString(K8S.resolve("README.md"));

        // When
        Matcher release = Pattern.compile("STRIMZI_VERSION=(\\S+)").matcher(readme);

        // Then
        assertThat(release.find()).as("README sets STRIMZI_VERSION").isTrue();
        assertThat(release.group(1)).isEqualTo(StrimziSchemas.RELEASE);
        assertThat(readme).contains("strimzi-kafka-operator/releases/download/${STRIMZI_VERSION}/")
                .doesNotContain("install/latest");
    }

    private static String property(String pom, String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(matcher.find()).as(name + " in the root POM").isTrue();
        return matcher.group(1).strip();
    }

    /** The base and every overlay, as in {@link ManifestTest}. */
    static Stream<String> kustomizations() {
        return ManifestTest.kustomizations();
    }
}
