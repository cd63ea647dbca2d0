package io.tunestream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.Topics;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the base and every overlay of {@code k8s/} with the real {@code kubectl kustomize}, parses the YAML stream
 * into fabric8's Kubernetes model, and checks it against the code: topics against {@link Topics}, images against the
 * repository's modules, ports and probes against each other, environment variables against each service's
 * configuration keys, GPU pinning, security contexts, secrets, network policies, disruption budgets, startup probes
 * and Prometheus scraping.
 */
class ManifestTest {

    private static final Path K8S = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path REPOSITORY = K8S.getParent();
    private static final Path BASE = K8S.resolve("base");
    private static final Path OVERLAYS = K8S.resolve("overlays");
    private static final Path CPU_ONLY = OVERLAYS.resolve("cpu-only");
    private static final Set<String> STAGES = Set.of("clean-service", "split-service", "augment-service", "evaluator-service");

    private final Manifests base = Manifests.render(BASE);
    private final Manifests cpuOnly = Manifests.render(CPU_ONLY);

    @Test
    void shouldParseEveryManifestIntoTheKubernetesModel() {
        // Given: every topic of the code (and its DLQ) is a KafkaTopic, plus the infrastructure's own
        long topics = ManifestChecks.expectedTopics().size() + ManifestChecks.INFRASTRUCTURE_TOPICS.size();
        long services = WorkloadChecks.tunestreamWorkloads(base).size();
        // one KafkaUser per user of the access policy, plus keda and apicurio (kafka-infra-users.yaml)
        long kafkaUsers = KafkaAccessPolicy.table(Topics.DEFAULT_PREFIX).size() + 2L;

        // When
        Map<String, Long> kinds = base.all().stream().collect(Collectors.groupingBy(HasMetadata::getKind, Collectors.counting()));

        // Then
        assertThat(kinds).containsOnly(Map.entry("Namespace", 1L), Map.entry("Kafka", 1L), Map.entry("KafkaNodePool", 2L),
                Map.entry("KafkaTopic", topics), Map.entry("Deployment", services), Map.entry("StatefulSet", 1L),
                Map.entry("Service", services + 1),
                Map.entry("ConfigMap", services + 1), Map.entry("PersistentVolumeClaim", 1L),
                Map.entry("NetworkPolicy", 10L), Map.entry("ScaledObject", 4L), Map.entry("KafkaUser", kafkaUsers),
                Map.entry("TriggerAuthentication", 1L), Map.entry("PodDisruptionBudget", services),
                Map.entry("ServiceMonitor", 1L));
        assertThat(services).isEqualTo(7);
        assertThat(base.all()).filteredOn(r -> !(r instanceof Namespace))
                .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("tunestream"));
        for (Path overlay : Manifests.overlays(OVERLAYS)) {
            assertThat(Manifests.render(overlay).all()).as(overlay.toString()).hasSameSizeAs(base.all());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void shouldPassEveryCheckWhenKubectlKustomizeRendersTheDirectory(String dir) {
        // Given
        Path path = K8S.resolve(dir);

        // When
        Manifests rendered = Manifests.render(path);

        // Then
        assertThat(rendered.all()).isNotEmpty();
        assertThat(ManifestChecks.topicProblems(rendered)).as("topics").isEmpty();
        assertThat(ManifestChecks.securityProblems(rendered)).as("security").isEmpty();
        assertThat(ManifestChecks.secretProblems(rendered)).as("secrets").isEmpty();
        assertThat(WorkloadChecks.serviceProblems(rendered, REPOSITORY)).as("services").isEmpty();
        assertThat(WorkloadChecks.environmentProblems(rendered, REPOSITORY)).as("environment").isEmpty();
        assertThat(OperationsChecks.disruptionBudgetProblems(rendered)).as("disruption budgets").isEmpty();
        assertThat(OperationsChecks.startupProbeProblems(rendered)).as("startup probes").isEmpty();
        assertThat(OperationsChecks.scrapeProblems(rendered)).as("metrics").isEmpty();
        assertThat(Manifests.kustomization(path).has("secretGenerator")).as("secretGenerator").isFalse();
    }

    static Stream<String> kustomizations() {
        return Stream.concat(Stream.of("base"), Manifests.overlays(OVERLAYS).stream().map(o -> K8S.relativize(o).toString()));
    }

    @Test
    void shouldDeclareEveryTopicTheServicesUseWithItsCleanupPolicy() {
        assertThat(ManifestChecks.topicProblems(base)).isEmpty();
        assertThat(ManifestChecks.expectedTopics()).hasSize(Topics.all().size() + Topics.consumed().size());

        assertThat(topic("tunestream.models").<String>get("spec", "config", "cleanup.policy")).isEqualTo("compact");
        assertThat(topic("tunestream.training.jobs").<String>get("spec", "config", "cleanup.policy")).isEqualTo("compact");
        assertThat(topic("tunestream.training.metrics").<String>get("spec", "config", "cleanup.policy")).isEqualTo("delete");
        assertThat(base.custom("KafkaTopic")).allSatisfy(t -> {
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "tunestream");
            assertThat(t.<Integer>get("spec", "replicas")).isEqualTo(3);
        });
    }

    @Test
    void shouldLetTheCheckpointsTopicAndItsDeadLettersCarryTheTrainersChunks() {
        int chunk = Integer.parseInt(configMap("trainer-service-config").getData().get("TUNESTREAM_TRAINER_INLINE_CHUNK_BYTES"));

        for (String name : new String[] {"tunestream.training.checkpoints", "tunestream.training.checkpoints.dlq"}) {
            assertThat(topic(name).<Integer>get("spec", "config", "max.message.bytes"))
                    .as(name).isGreaterThanOrEqualTo(chunk + 64 * 1024).isGreaterThanOrEqualTo(1_048_576);
        }
    }

    @Test
    void shouldScaleEachStageUpToThePartitionsOfItsInputOnItsConsumerGroupsLag() {
        Map<String, GenericKubernetesResource> scaled = base.custom("ScaledObject").stream()
                .collect(Collectors.toMap(s -> s.<String>get("spec", "scaleTargetRef", "name"), Function.identity()));

        assertThat(scaled.keySet()).containsExactlyInAnyOrderElementsOf(STAGES);
        scaled.forEach((deployment, scaledObject) -> {
            List<Map<String, Object>> triggers = scaledObject.get("spec", "triggers");
            Set<String> groups = consumerGroups(deployment);
            int busiest = 0;
            for (Map<String, Object> trigger : triggers) {
                @SuppressWarnings("unchecked")
                Map<String, String> metadata = (Map<String, String>) trigger.get("metadata");
                assertThat(trigger.get("type")).isEqualTo("kafka");
                assertThat(metadata.get("bootstrapServers")).isEqualTo("tunestream-kafka-bootstrap.tunestream.svc:9093");
                assertThat(trigger.get("authenticationRef")).as(deployment).isEqualTo(Map.of("name", "kafka-keda"));
                assertThat(groups).as(deployment + " consumer groups").contains(metadata.get("consumerGroup"));
                busiest = Math.max(busiest, topic(metadata.get("topic")).<Integer>get("spec", "partitions"));
            }
            assertThat(scaledObject.<Integer>get("spec", "maxReplicaCount")).as(deployment).isEqualTo(busiest);
        });
        assertThat(scaled.get("clean-service").<String>get("spec", "triggers", 0, "metadata", "consumerGroup"))
                .isEqualTo("tunestream-clean");
        assertThat(scaled.get("evaluator-service").<List<?>>get("spec", "triggers")).hasSize(2);
    }

    @Test
    void shouldRunIngestAsAStatefulSetSoThatAReplacementPodFencesTheKilledOnesUploads() {
        // Given
        StatefulSet ingest = base.named(StatefulSet.class, "ingest-service");

        // When the instance id is the pod name (HOSTNAME): ingest-service-0, -1, kept by a replacement pod
        Map<String, String> environment = WorkloadChecks.environment(base, Workload.named(base, "ingest-service")
                .container(), new ArrayList<>());

        // Then
        assertThat(environment).doesNotContainKey("TUNESTREAM_INGEST_INSTANCE_ID").doesNotContainKey("HOSTNAME");
        assertThat(ingest.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(ingest.getSpec().getReplicas()).isEqualTo(2);
        assertThat(WorkloadChecks.servicesOf(base, Workload.named(base, "ingest-service")))
                .extracting(service -> service.getMetadata().getName()).contains(ingest.getSpec().getServiceName());
        assertThat(base.all(Deployment.class)).noneMatch(d -> d.getMetadata().getName().equals("ingest-service"));
    }

    @Test
    void shouldRunAsManyTrainersAsTrainingRequestPartitionsAllow() {
        int trainers = Workload.named(base, "trainer-service").replicas();

        assertThat(trainers).isBetween(1, topic("tunestream.training.requests").<Integer>get("spec", "partitions"));
        assertThat(Workload.named(base, "registry-service").replicas()).isEqualTo(2);
    }

    @Test
    void shouldRunEveryServiceModuleWithMatchingImagePortsAndProbes() throws IOException {
        Set<String> serviceModules;
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            serviceModules = modules.filter(m -> m.getFileName().toString().endsWith("-service"))
                    .filter(m -> Files.isRegularFile(m.resolve("pom.xml")))
                    .map(m -> m.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }

        assertThat(WorkloadChecks.serviceProblems(base, REPOSITORY)).isEmpty();
        assertThat(WorkloadChecks.tunestreamWorkloads(base)).extracting(w -> WorkloadChecks.module(w.container()))
                .containsExactlyInAnyOrderElementsOf(serviceModules)
                .contains("ingest-service", "clean-service", "split-service", "augment-service", "trainer-service",
                        "evaluator-service", "registry-service");
        assertThat(WorkloadChecks.tunestreamWorkloads(base)).filteredOn(w -> !w.name().equals("trainer-service"))
                .allSatisfy(w -> assertThat(w.container().getImage()).endsWith(":0.1.0"));
    }

    @Test
    void shouldMapEveryEnvironmentVariableToARealConfigKey() {
        assertThat(WorkloadChecks.environmentProblems(base, REPOSITORY)).isEmpty();
        assertThat(WorkloadChecks.environmentProblems(cpuOnly, REPOSITORY)).isEmpty();
        assertThat(ServiceConfigKeys.of(REPOSITORY.resolve("registry-service")).keys())
                .contains("tunestream.registry.artifact-source-roots", "tunestream.registry.topics.replication-factor",
                        "REGISTRY_HOST");
    }

    @Test
    void shouldPinTheTrainerToGpuNodes() {
        Workload trainer = Workload.named(base, "trainer-service");

        assertThat(ManifestChecks.gpuPinning(trainer)).contains("gpu-limit", "toleration", "node-selector");
        assertThat(trainer.container().getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
        assertThat(trainer.container().getImage()).isEqualTo("ghcr.io/tunestream/trainer-service:0.1.0-cuda12");
        assertThat(configMap("trainer-service-config").getData()).containsEntry("TUNESTREAM_TRAINER_REQUIRE_GPU", "true");
        assertThat(WorkloadChecks.tunestreamWorkloads(base)).filteredOn(w -> !w.equals(trainer))
                .allSatisfy(w -> assertThat(ManifestChecks.gpuPinning(w)).as(w.name()).isEmpty());
    }

    /**
     * A data stage holds a whole dataset version in memory at its seal. Measured at 1,000,000 records of <= 256
     * characters (docs/benchmarks.md, G1): heap in use before a GC, clean 2,534 MiB, split 1,999 MiB, augment 2,285 MiB (-Xlog:gc).
     * The heap run-java.sh gives (JAVA_MAX_MEM_RATIO % of the memory limit, 50 % when unset) must hold that.
     */
    @ParameterizedTest
    @MethodSource("stageHeapNeeds")
    void shouldGiveEachDataStageTheHeapAMillionRecordVersionNeeds(String stage, long neededMiB) {
        Container container = Workload.named(base, stage).container();
        long limitMiB = container.getResources().getLimits().get("memory").getNumericalAmount()
                .divide(BigDecimal.valueOf(1024L * 1024L)).longValue();
        long ratio = container.getEnv().stream().filter(e -> e.getName().equals("JAVA_MAX_MEM_RATIO"))
                .map(e -> Long.parseLong(e.getValue())).findFirst().orElse(50L);

        assertThat(limitMiB * ratio / 100).as(stage + " heap in MiB (limit x JAVA_MAX_MEM_RATIO)")
                .isGreaterThanOrEqualTo(neededMiB);
        String options = container.getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS_APPEND"))
                .map(e -> e.getValue()).findFirst().orElse("");
        java.util.regex.Matcher young = java.util.regex.Pattern.compile("-Xmn(\\d+)m").matcher(options);
        assertThat(options).as(stage + " collector").contains("-XX:+UseParallelGC");
        assertThat(young.find()).as(stage + " young generation (-Xmn)").isTrue();
        assertThat(Long.parseLong(young.group(1))).as(stage + ": two thirds of the heap young")
                .isEqualTo(limitMiB * ratio / 100 * 2 / 3);
        assertThat(options).as(stage + ": the heap committed at start").contains("-Xms" + limitMiB * ratio / 100 + "m");
        assertThat(container.getResources().getRequests().get("memory"))
                .as(stage + ": memory request = limit, so node pressure never OOM-kills a version")
                .isEqualTo(container.getResources().getLimits().get("memory"));
    }

    static Stream<Arguments> stageHeapNeeds() {
        return Stream.of(Arguments.of("clean-service", 2534L),
                Arguments.of("split-service", 1999L),
                Arguments.of("augment-service", 2285L));
    }

    @Test
    void shouldUnpinTheTrainerInTheCpuOnlyOverlay() {
        Workload trainer = Workload.named(cpuOnly, "trainer-service");

        assertThat(ManifestChecks.gpuPinning(trainer)).isEmpty();
        assertThat(trainer.container().getImage()).isEqualTo("ghcr.io/tunestream/trainer-service:0.1.0");
        assertThat(cpuOnly.named(ConfigMap.class, "trainer-service-config").getData())
                .containsEntry("TUNESTREAM_TRAINER_REQUIRE_GPU", "false");
        assertThat(trainer.container().getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(cpuOnly.named(Deployment.class, "clean-service")).isEqualTo(base.named(Deployment.class, "clean-service"));
        assertThat(cpuOnly.named(StatefulSet.class, "ingest-service")).isEqualTo(base.named(StatefulSet.class, "ingest-service"));
    }

    @Test
    void shouldRunNothingAsRootNorAllowPrivilegeEscalation() {
        assertThat(ManifestChecks.securityProblems(base)).isEmpty();
        assertThat(ManifestChecks.securityProblems(cpuOnly)).isEmpty();
        assertThat(Workload.all(base)).allSatisfy(w -> assertThat(w.container().getSecurityContext().getReadOnlyRootFilesystem())
                .as(w.name()).isTrue());
    }

    @Test
    void shouldKeepSecretValuesOutOfTheManifests() {
        assertThat(base.all(Secret.class)).isEmpty();
        assertThat(ManifestChecks.secretProblems(base)).isEmpty();
        for (Path dir : new Path[] {BASE, CPU_ONLY}) {
            JsonNode kustomization = Manifests.kustomization(dir);
            assertThat(kustomization.has("secretGenerator")).as(dir + " secretGenerator").isFalse();
        }
        EnvVar token = Workload.named(base, "registry-service").container().getEnv().stream()
                .filter(e -> e.getName().equals("TUNESTREAM_SECURITY_ADMIN_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tunestream-api-tokens");
    }

    @Test
    void shouldDenyIngressByDefaultAndLetOnlyWhatNeedsItReachTheRegistryApi() {
        assertThat(base.all(NetworkPolicy.class)).anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
            assertThat(p.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
        });

        assertThat(ManifestChecks.ingressPeers(base, podLabels("registry-service"))).containsExactlyInAnyOrder(
                "pods app.kubernetes.io/name=evaluator-service", "pods app.kubernetes.io/name=registry-service",
                "namespaces tunestream.io/client=true", "namespaces kubernetes.io/metadata.name=ingress-nginx",
                "namespaces kubernetes.io/metadata.name=monitoring");
        for (String stage : new String[] {"clean-service", "split-service", "augment-service"}) {
            assertThat(ManifestChecks.ingressPeers(base, podLabels(stage))).as(stage)
                    .containsExactly("namespaces kubernetes.io/metadata.name=monitoring");
        }
        assertThat(ManifestChecks.ingressPeers(base, Map.of("strimzi.io/cluster", "tunestream", "strimzi.io/broker-role", "true")))
                .containsExactlyInAnyOrder("pods app.kubernetes.io/name in [ingest-service, clean-service, split-service, "
                                + "augment-service, trainer-service, evaluator-service, registry-service, apicurio-registry]",
                        "namespaces kubernetes.io/metadata.name=keda", "namespaces tunestream.io/client=true",
                        "pods strimzi.io/cluster=tunestream", "namespaces kubernetes.io/metadata.name=strimzi");
    }

    @Test
    void shouldReportRootUsersMissingTopicsUnknownTopicsAndLiteralSecrets() {
        Manifests broken = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: clean-service}
                spec:
                  selector: {matchLabels: {app: clean}}
                  template:
                    metadata: {labels: {app: clean}}
                    spec:
                      securityContext: {runAsUser: 0}
                      containers:
                        - name: clean-service
                          image: ghcr.io/tunestream/clean-service:0.1.0
                          securityContext: {allowPrivilegeEscalation: true}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: tunestream.models, labels: {strimzi.io/cluster: tunestream}}
                spec: {topicName: tunestream.models, partitions: 3, config: {cleanup.policy: delete}}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: tunestream.typo, labels: {strimzi.io/cluster: tunestream}}
                spec: {partitions: 3}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: registry-admin-token}
                stringData: {token: hunter2}
                """);

        assertThat(ManifestChecks.securityProblems(broken)).containsExactlyInAnyOrder(
                "clean-service/clean-service: runAsNonRoot is not true",
                "clean-service/clean-service: runAsUser 0 (must be set, and not 0)",
                "clean-service/clean-service: allowPrivilegeEscalation is not false");
        assertThat(ManifestChecks.topicProblems(broken))
                .contains("KafkaTopic tunestream.models has cleanup.policy delete, expected compact",
                        "KafkaTopic tunestream.typo is not a topic tunestream uses",
                        "missing KafkaTopic tunestream.datasets.raw", "missing KafkaTopic tunestream.training.checkpoints.dlq")
                .hasSize(ManifestChecks.expectedTopics().size() - 1 + 2);
        assertThat(ManifestChecks.secretProblems(broken)).containsExactly("Secret registry-admin-token carries literal data");
        assertThat(WorkloadChecks.serviceProblems(broken, REPOSITORY)).contains(
                "clean-service: expected exactly one container port");
    }

    private Map<String, String> podLabels(String workload) {
        return Workload.named(base, workload).podLabels();
    }

    /** The consumer groups a service runs: its Streams application id, and the *_GROUP_ID keys it is given. */
    private Set<String> consumerGroups(String deployment) {
        Set<String> groups = new TreeSet<>();
        ServiceConfigKeys.of(REPOSITORY.resolve(deployment)).property("quarkus.kafka-streams.application-id")
                .ifPresent(groups::add);
        WorkloadChecks.environment(base, Workload.named(base, deployment).container(), new ArrayList<>())
                .forEach((name, value) -> {
                    if (name.endsWith("_GROUP_ID")) {
                        groups.add(value);
                    }
                });
        return groups;
    }

    private GenericKubernetesResource topic(String name) {
        return base.custom("KafkaTopic").stream().filter(t -> name.equals(t.get("spec", "topicName"))).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaTopic " + name));
    }

    private ConfigMap configMap(String name) {
        return base.named(ConfigMap.class, name);
    }

}
