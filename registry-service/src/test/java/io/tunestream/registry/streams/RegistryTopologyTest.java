package io.tunestream.registry.streams;

import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.events.DeploymentAction;
import io.tunestream.events.DeploymentEvent;
import io.tunestream.events.Evaluation;
import io.tunestream.events.ModelVersion;
import io.tunestream.events.StageReport;
import io.tunestream.registry.artifact.FileArtifactStore;
import io.tunestream.registry.domain.ArtifactLinks;
import io.tunestream.registry.domain.CommandOutcome;
import io.tunestream.registry.domain.ModelRegistry;
import io.tunestream.registry.domain.RegistryCommand;
import io.tunestream.registry.domain.RegistryPolicy;
import io.tunestream.registry.domain.RegistryRejection;
import io.tunestream.registry.support.Evaluations;
import io.tunestream.registry.support.StageReportsFixture;
import io.tunestream.schemas.serde.EventSerializer;
import io.tunestream.schemas.serde.AvroSerdes;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryTopologyTest {

    private static final RegistryTopics TOPICS = RegistryTopics.withPrefix("t.");
    private static final ArtifactLinks LINKS = ArtifactLinks.of("http://registry.test:8086");

    @TempDir
    Path tmp;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> evaluations;
    private TestOutputTopic<String, ModelVersion> models;
    private TestOutputTopic<String, DeploymentEvent> deployments;
    private TestOutputTopic<byte[], byte[]> evaluationsDlq;
    private FileArtifactStore artifacts;

    @BeforeEach
    void start() {
        artifacts = new FileArtifactStore(tmp.resolve("store"), List.of(tmp.resolve("sources")));
        var registry = new ModelRegistry(new RegistryPolicy(false, false, Map.of("auto", true), Map.of()), LINKS);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString());
        driver = new TopologyTestDriver(RegistryTopology.build(TOPICS, registry, artifacts, RegistryMetrics.NONE), props);
        evaluations = driver.createInputTopic(TOPICS.evaluations(), new StringSerializer(), new ByteArraySerializer());
        models = driver.createOutputTopic(TOPICS.models(), new StringDeserializer(),
                RegistryStores.versionSerde().deserializer());
        deployments = driver.createOutputTopic(TOPICS.deployments(), new StringDeserializer(),
                AvroSerdes.serde(DeploymentEvent.class).deserializer());
        evaluationsDlq = driver.createOutputTopic(TOPICS.evaluationsDlq(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldPublishVersionsWithLineageAndStoreTheArtifactWhenEvaluationsArrive() throws Exception {
        // Given
        Path weights = Files.writeString(Files.createDirectories(tmp.resolve("sources")).resolve("adapter.bin"), "weights");
        Evaluation withArtifact = Evaluations.builder("e1", "spam", true)
                .setArtifactUri(weights.toUri().toString())
                .setArtifactSha256(FileArtifactStore.sha256(weights)).build();

        // When
        send(withArtifact);
        send(Evaluations.blessed("e2", "spam"));

        // Then
        var out = models.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("spam/1", "spam/2");
        assertThat(out.get(0).value.getLineage().getJobId()).isEqualTo("job-e1");
        assertThat(out.get(0).value.getArtifactUri()).endsWith("/spam/1/adapter.bin");
        assertThat(artifacts.resolveUri("spam", 1, out.get(0).value.getArtifactUri())).isPresent();
        assertThat(view().get("spam/2").getEvaluationId()).isEqualTo("e2");
        assertThat(deployments.isEmpty()).isTrue();
    }

    @Test
    void shouldCreateNothingNewWhenAnEvaluationIsRedelivered() {
        // When
        send(Evaluations.blessed("e1", "spam"));
        send(Evaluations.blessed("e1", "spam"));

        // Then
        assertThat(models.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("spam/1");
    }

    @Test
    void shouldDeadLetterPoisonAndAnArtifactWithTheWrongChecksum() throws Exception {
        // Given
        Path weights = Files.writeString(Files.createDirectories(tmp.resolve("sources")).resolve("adapter.bin"), "weights");
        Evaluation tampered = Evaluations.builder("e1", "spam", true)
                .setArtifactUri(weights.toUri().toString()).setArtifactSha256("00".repeat(32)).build();

        // When
        evaluations.pipeInput("k", "not avro".getBytes(StandardCharsets.UTF_8));
        send(tampered);

        // Then
        var dead = evaluationsDlq.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value(),
                StandardCharsets.UTF_8)).isEqualTo(TOPICS.evaluations());
        assertThat(new String(dead.get(1).headers().lastHeader(DeadLetterHeaders.REASON).value(),
                StandardCharsets.UTF_8)).contains("SHA-256");
        assertThat(models.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterWithAReasonAndCopyNothingWhenAnEvaluationNamesAFileOutsideTheSourceRoots() throws Exception {
        // Given a secret outside the source roots, a link inside a root leading to it, and weights without a SHA-256
        Path secret = Files.writeString(tmp.resolve("stack.json"), "{\"adminToken\":\"s3cret\"}");
        Path sources = Files.createDirectories(tmp.resolve("sources"));
        Path link = Files.createSymbolicLink(sources.resolve("innocent.safetensors"), secret);
        Path unsigned = Files.writeString(sources.resolve("unsigned.safetensors"), "weights");
        String secretSha = FileArtifactStore.sha256(secret);

        // When: forged evaluations name them
        send(Evaluations.builder("forged-1", "spam", true).setArtifactUri(secret.toUri().toString())
                .setArtifactSha256(secretSha).build());
        send(Evaluations.builder("forged-2", "spam", true).setArtifactUri(link.toUri().toString())
                .setArtifactSha256(secretSha).build());
        send(Evaluations.builder("forged-3", "spam", true).setArtifactUri(unsigned.toUri().toString()).build());

        // Then each is dead-lettered with its reason, no version exists, and the secret is where it was, unchanged
        var dead = evaluationsDlq.readRecordsToList();
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                StandardCharsets.UTF_8)).satisfiesExactly(
                        r -> assertThat(r).contains("outside the artifact source roots"),
                        r -> assertThat(r).contains("outside the artifact source roots"),
                        r -> assertThat(r).contains("has no valid SHA-256"));
        assertThat(models.isEmpty()).isTrue();
        assertThat(secret).hasContent("{\"adminToken\":\"s3cret\"}");
        try (var stored = Files.walk(tmp.resolve("store"))) {
            assertThat(stored.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void shouldEmitDeploymentEventsInOrderWhenPromotedThenRolledBack() {
        // Given
        send(Evaluations.blessed("e1", "spam"));
        send(Evaluations.blessed("e2", "spam"));

        // When
        command("c1", RegistryCommand.Action.PROMOTE, 1, "champion");
        command("c2", RegistryCommand.Action.PROMOTE, 2, "champion");
        command("c3", RegistryCommand.Action.ROLLBACK, null, "champion");
        command("c3", RegistryCommand.Action.ROLLBACK, null, "champion"); // redelivered: applied once

        // Then
        var events = deployments.readKeyValuesToList();
        assertThat(events).allSatisfy(kv -> assertThat(kv.key).isEqualTo("spam"));
        assertThat(events).extracting(kv -> kv.value.getAction() + ":" + kv.value.getVersion())
                .containsExactly("PROMOTE:1", "PROMOTE:2", "ROLLBACK:1");
        assertThat(events).extracting(kv -> kv.value.getEventId()).containsExactly("c1", "c2", "c3");
        assertThat(view().get("spam/1").getAliases()).containsExactly("champion");
        assertThat(view().get("spam/2").getAliases()).isEmpty();
        assertThat(outcomes().get("c3").accepted()).isTrue();
    }

    @Test
    void shouldRecordARejectionAndChangeNothingWhenACommandIsInvalid() {
        // Given
        send(Evaluations.blessed("e1", "spam"));
        models.readKeyValuesToList();

        // When
        command("c1", RegistryCommand.Action.PROMOTE, 7, "champion");

        // Then
        CommandOutcome outcome = outcomes().get("c1");
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.rejection()).isEqualTo(RegistryRejection.Kind.NOT_FOUND);
        assertThat(models.isEmpty()).isTrue();
        assertThat(deployments.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepEachStagesReportUnderTheDatasetKeyWhenReportsArrive() {
        // Given
        var reports = driver.createInputTopic(TOPICS.reports(), new StringSerializer(),
                new EventSerializer<>(StageReport.class));
        var raw = driver.createInputTopic(TOPICS.reports(), new StringSerializer(), new ByteArraySerializer());

        // When: the four stages of spam@v3, a poison record, a re-run of clean, and another dataset
        for (StageReport report : StageReportsFixture.pipeline("spam", "v3")) {
            reports.pipeInput("spam@v3", report);
        }
        raw.pipeInput("spam@v3", "not avro".getBytes(StandardCharsets.UTF_8));
        reports.pipeInput("spam@v3", StageReportsFixture.report("spam", "v3", "clean", 1_000, 930, 0,
                Map.of("duplicate", 70L), 0));
        reports.pipeInput("spam@v30", StageReportsFixture.report("spam", "v30", "ingest", 5, 5, 0, Map.of(), 0));

        // Then
        KeyValueStore<String, StageReport> store = driver.getKeyValueStore(RegistryStores.STAGE_REPORTS);
        assertThat(store.get("spam@v3/ingest").getDropped()).containsEntry("EMPTY_TEXT", 6L);
        assertThat(store.get("spam@v3/ingest").getDeadLettered()).isEqualTo(4);
        assertThat(store.get("spam@v3/clean").getRecordsOut()).isEqualTo(930);
        assertThat(store.get("spam@v3/augment").getGenerated()).isEqualTo(200);
        assertThat(store.get("spam@v30/ingest")).isNotNull();
        try (var all = store.all()) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            all.forEachRemaining(kv -> keys.add(kv.key));
            assertThat(keys).containsExactlyInAnyOrder("spam@v3/ingest", "spam@v3/clean", "spam@v3/split",
                    "spam@v3/augment", "spam@v30/ingest");
        }
    }

    @Test
    void shouldAutoPromoteBlessedVersionsWhenThePolicySaysSo() {
        // When
        send(Evaluations.blessed("e1", "auto"));

        // Then
        assertThat(deployments.readValuesToList()).singleElement()
                .satisfies(e -> assertThat(e.getAction()).isEqualTo(DeploymentAction.PROMOTE));
        assertThat(view().get("auto/1").getAliases()).containsExactly("champion");
    }

    private void send(Evaluation evaluation) {
        evaluations.pipeInput(evaluation.getEvaluationId(),
                AvroSerdes.serde(Evaluation.class).serializer().serialize(TOPICS.evaluations(), evaluation));
    }

    private void command(String id, RegistryCommand.Action action, Integer version, String alias) {
        var command = new RegistryCommand(id, action, "spam", version, alias, false, "tester", 1L);
        var headers = CommandHeaders.withType(new RecordHeaders(), CommandHeaders.COMMAND);
        var input = driver.createInputTopic(TOPICS.commands(), new StringSerializer(), new ByteArraySerializer());
        input.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("spam",
                RegistryStores.commandSerde().serializer().serialize(TOPICS.commands(), command), headers));
    }

    private KeyValueStore<String, ModelVersion> view() {
        return driver.getKeyValueStore(RegistryStores.MODELS_VIEW);
    }

    private KeyValueStore<String, CommandOutcome> outcomes() {
        return driver.getKeyValueStore(RegistryStores.OUTCOMES);
    }
}
