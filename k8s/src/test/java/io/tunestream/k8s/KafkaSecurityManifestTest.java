package io.tunestream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.KafkaAccessPolicy.Access;
import io.tunestream.schemas.KafkaAccessPolicy.Grant;
import io.tunestream.schemas.Topics;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kafka on Kubernetes is authenticated and authorised as DESIGN.md section 5 says: a TLS listener with SCRAM-SHA-512
 * and simple authorization, one KafkaUser per service with exactly the ACLs of {@link KafkaAccessPolicy} (the table
 * the embedded broker applies), each service logging in as its own user over TLS, egress only to Kafka, the schema
 * registry and DNS, and no service account token where no API access is needed.
 */
class KafkaSecurityManifestTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
            .resolve("base");
    private static final Set<String> HTTP_APIS = Set.of("ingest-service", "trainer-service", "evaluator-service",
            "registry-service");
    private static final String KAFKA_PODS = "pods strimzi.io/broker-role=true,strimzi.io/cluster=tunestream";
    private static final String SCHEMA_REGISTRY = "pods app.kubernetes.io/name=apicurio-registry";
    private static final String DNS = "namespaces kubernetes.io/metadata.name=kube-system";

    private final Manifests base = Manifests.render(BASE);

    @Test
    void shouldServeKafkaOnlyOnAnAuthenticatedTlsListenerWithAclsWhenTheClusterIsDeclared() {
        // Given
        GenericKubernetesResource kafka = base.custom("Kafka").get(0);

        // When
        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");

        // Then
        assertThat(listeners).hasSize(1).allSatisfy(listener -> {
            assertThat(listener).containsEntry("tls", true).containsEntry("port", 9093);
            assertThat(listener.get("authentication")).isEqualTo(Map.of("type", "scram-sha-512"));
        });
        assertThat(kafka.<String>get("spec", "kafka", "authorization", "type")).isEqualTo("simple");
        assertThat(base.all()).filteredOn(r -> r.getApiVersion().startsWith("kafka.strimzi.io"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.getApiVersion()).as(name(r)).isEqualTo("kafka.strimzi.io/v1"));
    }

    @Test
    void shouldGrantEachServiceUserExactlyTheAclsOfTheAccessPolicyWhenKafkaUsersAreDeclared() {
        // Given
        List<Grant> everyone = KafkaAccessPolicy.grants(Topics.DEFAULT_PREFIX).stream()
                .filter(g -> g.user().equals(KafkaAccessPolicy.EVERYONE)).toList();

        for (Access access : KafkaAccessPolicy.table(Topics.DEFAULT_PREFIX)) {
            // When
            GenericKubernetesResource user = kafkaUser(access.user());
            Set<String> expected = new TreeSet<>(rules(access.grants()));
            expected.addAll(rules(everyone));

            // Then
            assertThat(user.<String>get("spec", "authentication", "type")).isEqualTo("scram-sha-512");
            assertThat(user.<String>get("spec", "authorization", "type")).isEqualTo("simple");
            assertThat(manifestRules(user)).as("ACLs of KafkaUser " + access.user()).isEqualTo(expected);
        }
        assertThat(kafkaUser("keda").<List<Map<String, Object>>>get("spec", "authorization", "acls"))
                .allSatisfy(acl -> assertThat(acl.get("operations")).isEqualTo(List.of("Describe")));
    }

    @Test
    void shouldLogEveryServiceInAsItsOwnUserOverTlsWhenItTalksToKafka() {
        for (Workload workload : WorkloadChecks.tunestreamWorkloads(base)) {
            // Given
            String service = workload.name();
            Container container = workload.container();
            Map<String, String> config = base.named(ConfigMap.class, service + "-config").getData();

            // When
            EnvVar jaas = env(container, "KAFKA_SASL_JAAS_CONFIG");

            // Then
            assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).as(service)
                    .isEqualTo(service.substring(0, service.length() - "-service".length()));
            assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
            assertThat(config).as(service).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "tunestream-kafka-bootstrap:9093")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            Volume ca = workload.pod().getVolumes().stream()
                    .filter(v -> v.getSecret() != null && "tunestream-cluster-ca-cert".equals(v.getSecret().getSecretName()))
                    .findFirst().orElseThrow(() -> new AssertionError(service + " mounts no cluster CA"));
            String mountPath = container.getVolumeMounts().stream().filter(m -> m.getName().equals(ca.getName()))
                    .findFirst().orElseThrow().getMountPath();
            assertThat(config.get("KAFKA_SSL_TRUSTSTORE_LOCATION")).isEqualTo(mountPath + "/ca.crt");
        }
    }

    @Test
    void shouldMapEveryRolesTokenFromTheApiTokensSecretWhenAServiceHasAnHttpApi() {
        for (String service : HTTP_APIS) {
            Container container = Workload.named(base, service).container();
            for (String role : List.of("admin", "publisher", "trainer", "evaluator", "reader")) {
                EnvVar token = env(container, "TUNESTREAM_SECURITY_" + role.toUpperCase(Locale.ROOT) + "_TOKEN");
                assertThat(token.getValue()).as(service + " " + role).isNull();
                assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tunestream-api-tokens");
                assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(role);
            }
        }
    }

    @Test
    void shouldMountNoServiceAccountTokenWhenAPodNeedsNoKubernetesApi() {
        assertThat(Workload.all(base)).isNotEmpty().allSatisfy(w -> assertThat(
                w.pod().getAutomountServiceAccountToken()).as(w.describe()).isFalse());
    }

    @Test
    void shouldLetTheServicesReachOnlyKafkaTheSchemaRegistryAndDnsWhenTheyOpenConnections() {
        for (Workload workload : WorkloadChecks.tunestreamWorkloads(base)) {
            // Given
            String service = workload.name();
            Set<String> expected = new TreeSet<>(Set.of(KAFKA_PODS, SCHEMA_REGISTRY, DNS));
            if (service.equals("evaluator-service") || service.equals("registry-service")) {
                expected.add("pods app.kubernetes.io/name=registry-service");
            }

            // When / Then
            assertThat(egressPeers(workload.podLabels())).as(service)
                    .isEqualTo(expected);
        }
    }

    /** Every peer pods with these labels may open connections to; "anywhere" when a policy lets them go anywhere. */
    private Set<String> egressPeers(Map<String, String> labels) {
        Set<String> peers = new TreeSet<>();
        for (NetworkPolicy policy : base.all(NetworkPolicy.class)) {
            if (!policy.getSpec().getPolicyTypes().contains("Egress")
                    || !ManifestChecks.selects(policy.getSpec().getPodSelector(), labels)) {
                continue;
            }
            for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                if (rule.getTo().isEmpty()) {
                    peers.add("anywhere");
                }
                rule.getTo().forEach(peer -> peers.add(ManifestChecks.describe(peer)));
            }
        }
        return peers;
    }

    /** ACL rules as "type name pattern Operation", one per operation, in the KafkaUser's words. */
    private static Set<String> rules(List<Grant> grants) {
        Set<String> rules = new TreeSet<>();
        for (Grant g : grants) {
            String type = switch (g.type()) {
                case TOPIC -> "topic";
                case GROUP -> "group";
                case TRANSACTIONAL_ID -> "transactionalId";
                case CLUSTER -> "cluster";
            };
            String resource = g.type() == KafkaAccessPolicy.ResourceType.CLUSTER ? type
                    : type + " " + g.name() + " " + (g.pattern() == KafkaAccessPolicy.PatternType.LITERAL ? "literal" : "prefix");
            g.operations().forEach(op -> rules.add(resource + " " + pascal(op.name())));
        }
        return rules;
    }

    private static Set<String> manifestRules(GenericKubernetesResource user) {
        List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
        Set<String> rules = new TreeSet<>();
        for (Map<String, Object> acl : acls) {
            @SuppressWarnings("unchecked")
            Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
            String type = (String) resource.get("type");
            String prefix = type.equals("cluster") ? type
                    : type + " " + resource.get("name") + " " + resource.getOrDefault("patternType", "literal");
            @SuppressWarnings("unchecked")
            List<String> operations = (List<String>) acl.get("operations");
            operations.forEach(op -> rules.add(prefix + " " + op));
        }
        return rules;
    }

    private static String pascal(String constant) {
        return Arrays.stream(constant.split("_"))
                .map(w -> w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT)).collect(Collectors.joining());
    }

    private GenericKubernetesResource kafkaUser(String name) {
        return base.custom("KafkaUser").stream().filter(u -> name.equals(u.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaUser " + name));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }


    private static String name(HasMetadata resource) {
        return resource.getKind() + " " + resource.getMetadata().getName();
    }
}
