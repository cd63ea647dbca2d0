package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunestream.kafka.embedded.BrokerSecurity;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.kafka.embedded.EmbeddedKafkaBroker;
import io.tunestream.kafka.embedded.KafkaAcls;
import io.tunestream.kafka.toolkit.DeadLetterWriter;
import io.tunestream.kafka.toolkit.TopicProvisioner;
import io.tunestream.launcher.StackTopics;
import io.tunestream.launcher.dlq.domain.DeadLetterTopics;
import io.tunestream.launcher.dlq.domain.ReplayOutcome;
import io.tunestream.launcher.dlq.messaging.DeadLetterReplayer;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.DeadLetterHeaders.Refusal;
import io.tunestream.schemas.DeadLetterHeaders.Source;
import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tunestream dlq} against a real broker secured like the embedded stack's (SCRAM users and the ACLs of
 * {@link KafkaAccessPolicy}): dead letters written by the stages' {@link DeadLetterWriter}, listed by the read-only
 * {@code cli} user, replayed by the {@code operator} user into their source topic exactly once. The user-facing runs
 * go through the real CLI process and a stack file, as {@code tunestream up} writes it.
 */
@Timeout(180)
class DlqReplayTest {

    private static final String P = Topics.DEFAULT_PREFIX;
    private static final String RAW = Topics.name(P, Topics.DATASETS_RAW);
    private static final String CLEAN = Topics.name(P, Topics.DATASETS_CLEAN);
    private static final String REQUESTS = Topics.name(P, Topics.TRAINING_REQUESTS);

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static String stackFile;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(BrokerSettings.defaults().withSecurity(
                BrokerSecurity.randomScram(KafkaAccessPolicy.ADMIN, KafkaAccessPolicy.users())));
        // only the topics these tests use (of the stack's, with their DLQs): creating all of them doubles the start
        List<String> used = List.of(RAW, CLEAN, REQUESTS, Topics.name(P, Topics.EVALUATIONS),
                Topics.name(P, Topics.DATASETS_SPLIT));
        TopicProvisioner.ensureTopics(broker.adminConnection(), StackTopics.defaults().topics().stream()
                .filter(t -> used.contains(t.name())
                        || t.name().endsWith(Topics.DLQ_SUFFIX) && used.contains(DeadLetterTopics.sourceOf(t.name())))
                .toList());
        KafkaAcls.applyPolicy(broker.adminConnection(), P);
        stackFile = dir.resolve("stack.json").toString();
        new StackFile(broker.bootstrapServers(), Map.of(), P, ProcessHandle.current().pid(), List.of(),
                Instant.now().toString(), Map.of(), broker.connection(KafkaAccessPolicy.CLI).security(),
                broker.connection(KafkaAccessPolicy.OPERATOR).security()).write(Path.of(stackFile));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldRepublishEachDeadLetterOnceWithItsKeyAndBytesWhenReplayedTwice() throws Exception {
        // Given clean-service dead-letters three records of datasets.raw
        try (DeadLetterWriter clean = writer(KafkaAccessPolicy.CLEAN, "clean")) {
            clean.write(new Source(RAW, 2, 10), bytes("mail@1"), new byte[] {(byte) 0xC3, 1, 7, 0},
                    new RecordHeaders().add("trace", bytes("t1")), new Refusal("BAD_HEADER", "no magic", null));
            clean.write(new Source(RAW, 0, 11), bytes("mail@1"), bytes("{}"), null,
                    Refusal.of("UNDECODABLE", new IllegalStateException("truncated")));
            clean.write(new Source(RAW, 1, 12), null, bytes("x"), null, new Refusal("BAD_HEADER", null, null));
        }

        // When
        CliRun list = CliRun.of("dlq", "list", "datasets.raw.dlq", "--stack-file", stackFile);
        CliRun replay = CliRun.of("dlq", "replay", "datasets.raw.dlq", "--stack-file", stackFile);
        ReplayOutcome again = replay(broker.connection(KafkaAccessPolicy.OPERATOR), Topics.dlq(RAW), null, false);

        // Then the list groups by reason with counts and each entry's origin
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("tunestream.datasets.raw.dlq: 3 dead letters, 2 reasons", "BAD_HEADER: 2",
                "UNDECODABLE: 1", "tunestream.datasets.raw-2@10", "clean", "java.lang.IllegalStateException",
                "mail@1", "truncated");
        assertThat(list.out().indexOf("BAD_HEADER")).isLessThan(list.out().indexOf("UNDECODABLE"));
        // the source got the exact key and value bytes once, in their partition, marked as a replay
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).contains("replayed 3 of 3 dead letters", RAW + ": 3");
        List<ConsumerRecord<byte[], byte[]>> replayed = readAll(RAW);
        assertThat(replayed).hasSize(3);
        ConsumerRecord<byte[], byte[]> first = replayed.stream().filter(r -> r.partition() == 2).findFirst().orElseThrow();
        assertThat(first.key()).isEqualTo(bytes("mail@1"));
        assertThat(first.value()).isEqualTo(new byte[] {(byte) 0xC3, 1, 7, 0});
        assertThat(DeadLetterHeaders.get(first.headers(), "trace")).isEqualTo("t1");
        assertThat(DeadLetterHeaders.get(first.headers(), DeadLetterHeaders.REPLAY_COUNT)).isEqualTo("1");
        assertThat(DeadLetterHeaders.get(first.headers(), DeadLetterHeaders.REPLAYED_FROM))
                .isEqualTo(Topics.dlq(RAW) + "-0@0");
        assertThat(DeadLetterHeaders.get(first.headers(), DeadLetterHeaders.REASON)).isNull();
        assertThat(replayed).extracting(ConsumerRecord::partition).containsExactlyInAnyOrder(0, 1, 2);
        // a second replay finds them replayed
        assertThat(again.replayedTotal()).isZero();
        assertThat(again.alreadyReplayed()).isEqualTo(3);
        assertThat(readAll(RAW)).hasSize(3);
    }

    @Test
    void shouldReplayOnlyTheReasonAskedAndLeaveTheRestForLaterWhenFiltered() {
        // Given split-service dead-letters A, B, A from datasets.clean
        try (DeadLetterWriter split = writer(KafkaAccessPolicy.SPLIT, "split")) {
            for (String reason : List.of("A", "B", "A")) {
                split.write(new Source(CLEAN, 0, 1), bytes("k-" + reason), bytes("v-" + reason), null,
                        new Refusal(reason, null, null));
            }
        }
        KafkaConnection operator = broker.connection(KafkaAccessPolicy.OPERATOR);
        String dlq = Topics.dlq(CLEAN);

        // When / Then: a dry run writes nothing
        ReplayOutcome dry = replay(operator, dlq, "A", true);
        assertThat(dry.replayedTotal()).isEqualTo(2);
        assertThat(dry.notSelected()).isEqualTo(1);
        assertThat(readAll(CLEAN)).isEmpty();
        // --reason A replays the two A's only
        assertThat(replay(operator, dlq, "A", false).replayed()).containsExactly(Map.entry(CLEAN, 2L));
        assertThat(readAll(CLEAN)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("v-A", "v-A");
        // a replay of everything then brings B only, and a last one nothing
        ReplayOutcome rest = replay(operator, dlq, null, false);
        assertThat(rest.replayed()).containsExactly(Map.entry(CLEAN, 1L));
        assertThat(rest.alreadyReplayed()).isEqualTo(2);
        assertThat(replay(operator, dlq, null, false).replayedTotal()).isZero();
        assertThat(readAll(CLEAN)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("v-A", "v-A", "v-B");
    }

    @Test
    void shouldResumeWithoutDuplicatesWhenAReplayCrashedMidTransaction() throws Exception {
        // Given one dead letter, and a replay that wrote it and its offset, then died before committing
        try (DeadLetterWriter trainer = writer(KafkaAccessPolicy.TRAINER, "trainer")) {
            trainer.write(new Source(REQUESTS, 0, 5), bytes("job-1"), bytes("request"), null,
                    new Refusal("UNDECODABLE", null, null));
        }
        String dlq = Topics.dlq(REQUESTS);
        Properties p = broker.connection(KafkaAccessPolicy.OPERATOR).properties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, DeadLetterReplayer.replayId(dlq));
        KafkaProducer<byte[], byte[]> crashed = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        crashed.initTransactions();
        crashed.beginTransaction();
        crashed.send(new ProducerRecord<>(REQUESTS, 0, bytes("job-1"), bytes("request"))).get();
        crashed.close(Duration.ZERO); // no commit, no abort: the transaction stays open on the broker

        // When
        ReplayOutcome outcome = replay(broker.connection(KafkaAccessPolicy.OPERATOR), dlq, null, false);

        // Then the open transaction was aborted and the dead letter replayed once
        assertThat(outcome.replayedTotal()).isEqualTo(1);
        assertThat(readAll(REQUESTS)).hasSize(1);
    }

    @Test
    void shouldRefuseTheReplayWhenTheDlqIsEmptyOrTheReasonAbsentOrTheUserReadOnly() {
        // Given the registry dead-letters one evaluation; nothing is dead-lettered from datasets.split
        String evaluations = Topics.name(P, Topics.EVALUATIONS);
        try (DeadLetterWriter registry = writer(KafkaAccessPolicy.REGISTRY, "registry")) {
            registry.write(new Source(evaluations, 0, 3), bytes("model"), bytes("e"), null,
                    new Refusal("UNKNOWN_MODEL", null, null));
        }

        // When
        CliRun empty = CliRun.of("dlq", "replay", "datasets.split.dlq", "--stack-file", stackFile);

        // Then
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(1);
        assertThat(empty.err()).contains("tunestream.datasets.split.dlq holds no dead letters: nothing to replay");
        KafkaConnection operator = broker.connection(KafkaAccessPolicy.OPERATOR);
        assertThatThrownBy(() -> replay(operator, Topics.dlq(evaluations), "NOPE", true))
                .hasMessage("no dead letter of tunestream.evaluations.dlq has reason NOPE (reasons there: UNKNOWN_MODEL)");
        // the CLI's read-only user may list but never replay
        assertThatThrownBy(() -> replay(broker.connection(KafkaAccessPolicy.CLI), Topics.dlq(evaluations), null, false))
                .hasMessageContaining("authoriz");
    }

    private static ReplayOutcome replay(KafkaConnection kafka, String dlq, String reason, boolean dryRun) {
        try (DeadLetterReplayer replayer = new DeadLetterReplayer(kafka, dlq)) {
            return replayer.replay(reason, dryRun);
        }
    }

    private static DeadLetterWriter writer(String user, String stage) {
        Properties p = broker.connection(user).properties();
        return new DeadLetterWriter(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()), stage);
    }

    /** Every committed record of {@code topic}, as the super user. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = broker.adminConnection().properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
