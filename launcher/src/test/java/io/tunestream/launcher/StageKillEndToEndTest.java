package io.tunestream.launcher;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.StageReport;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.Topics;
import io.tunestream.schemas.serde.EventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resilience of the data stages, with real processes: poison events interleaved with a dataset's record batches go to
 * the DLQ with reasons and no valid record is lost; clean-service killed (SIGKILL) in the middle of a version and
 * restarted produces exactly the same prepared output as an uninterrupted run of the same records. The version is
 * written in two transactions with the kill between them, so the kill always falls inside the version, however fast
 * the stage is. The stack's stages use static group membership, so the restarted clean takes its partition back at
 * once. Default suite (well under a minute of its own on two cores, plus the stack's start).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StageKillEndToEndTest {

    private static final List<String> STAGES = List.of("clean-service", "split-service", "augment-service");
    private static final int RECORDS = 2_000;
    private static final int BATCH = 25;
    private static final int BATCHES = RECORDS / BATCH;
    private static final int POISON = 20;

    @Test
    void shouldProduceSameOutputWhenCleanIsKilledMidDatasetAndRestarted(@TempDir Path work) throws Exception {
        // Given: the three stages as child JVMs on a real broker, and 2,000 records in 80 batches
        long t0 = System.nanoTime();
        List<ServiceSpec> services = StackServices.discover(Path.of(".."), m -> { }).stream()
                .filter(s -> STAGES.contains(s.name())).toList();
        assertThat(services).extracting(ServiceSpec::name).as("build the services first").containsExactlyElementsOf(STAGES);
        List<BenchmarkCorpus.Row> rows = BenchmarkCorpus.rows(RECORDS);
        // PLAINTEXT broker: the test writes a stage's topic itself, standing in for that stage (SecuredBrokerTest
        // and the demo cover the SASL stack)
        try (EmbeddedStack stack = EmbeddedStack.start(new StackSettings(BrokerMode.IN_PROCESS, BrokerSettings.defaults(),
                StackTopics.defaults(), services, work.resolve("logs"), Duration.ofMinutes(4)).withSecureKafka(false), new PrintStream(PrintStream.nullOutputStream()));
             DatasetReadback readback = new DatasetReadback(stack.bootstrapServers())) {
            progress(t0, "stack ready");

            // When: version "killed" with 20 poison events; clean is killed once it has consumed the first half
            try (KafkaProducer<String, byte[]> producer = producer(stack.bootstrapServers(), "killed")) {
                publish(producer, "killed", rows, 0, BATCHES / 2, POISON, false);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> committedOffset(stack.bootstrapServers()) > 0);
                stack.kill("clean-service");
                progress(t0, "clean killed at committed offset " + committedOffset(stack.bootstrapServers()));
                publish(producer, "killed", rows, BATCHES / 2, BATCHES, 0, true);
            }
            stack.restart("clean-service", Duration.ofMinutes(4));
            progress(t0, "clean restarted");
            // and the same records as version "calm", processed without interruption
            try (KafkaProducer<String, byte[]> producer = producer(stack.bootstrapServers(), "calm")) {
                publish(producer, "calm", rows, 0, BATCHES, 0, true);
            }

            // Then: identical prepared records, every valid record kept, the poison in the DLQ with reasons
            List<DatasetRecord> killed = prepared(readback, "killed");
            progress(t0, "killed version prepared");
            List<DatasetRecord> calm = prepared(readback, "calm");
            progress(t0, "calm version prepared");
            assertThat(killed).hasSizeGreaterThan(RECORDS / 4).isEqualTo(calm);
            StageReport clean = readback.reports(Topics.name(null, Topics.DATASETS_REPORTS), "bench", "killed", 3,
                    Duration.ofMinutes(1)).stream().filter(r -> r.getStage().equals("clean")).findFirst().orElseThrow();
            assertThat(clean.getRecordsIn()).isEqualTo(RECORDS);
            assertThat(clean.getDeadLettered()).isEqualTo(POISON);
            assertThat(deadLetters(stack.bootstrapServers(), DatasetKeys.of("bench", "killed")))
                    .hasSize(POISON).allSatisfy(reason -> assertThat(reason).contains("BAD_HEADER"));
        }
    }

    private static void progress(long t0, String what) {
        System.out.printf("StageKillEndToEndTest +%.1f s: %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    private static List<DatasetRecord> prepared(DatasetReadback readback, String version) {
        var content = readback.records(Topics.name(null, Topics.DATASETS_PREPARED), "bench", version, Duration.ofMinutes(8));
        assertThat(content.getValue()).as("prepared seal of " + version).isNotNull();
        return content.getKey();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, String version) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kill-test-" + version);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    /** Batches {@code from} (inclusive) to {@code to} of the version in one transaction, poison first, the seal last. */
    private static void publish(KafkaProducer<String, byte[]> producer, String version, List<BenchmarkCorpus.Row> rows,
            int from, int to, int poison, boolean seal) {
        String topic = Topics.name(null, Topics.DATASETS_RAW);
        String key = DatasetKeys.of("bench", version);
        EventSerializer<DatasetEvent> events = new EventSerializer<>(DatasetEvent.class);
        producer.beginTransaction();
        int poisonSent = 0;
        for (int b = from; b < to; b++) {
            if (poisonSent < poison) { // interleave the poison between the first batches
                producer.send(new ProducerRecord<>(topic, key, ("poison " + poisonSent++).getBytes(StandardCharsets.UTF_8)));
            }
            DatasetEvent batch = BenchmarkCorpus.batch("bench", version, b, rows.subList(b * BATCH, (b + 1) * BATCH));
            producer.send(new ProducerRecord<>(topic, key, events.serialize(topic, batch)));
        }
        if (seal) {
            producer.send(new ProducerRecord<>(topic, key, events.serialize(topic, BenchmarkCorpus.seal("bench", version,
                    rows.size(), BATCHES, Map.of("balance", "undersample", "seed", "42", "clean.near-duplicates", "off")))));
        }
        producer.commitTransaction();
    }

    private static long committedOffset(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets("tunestream-clean").partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(o -> o != null).mapToLong(o -> o.offset()).sum();
        }
    }

    private static List<String> deadLetters(String bootstrap, String key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> reasons = new ArrayList<>();
        String dlq = Topics.dlq(Topics.name(null, Topics.DATASETS_RAW));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(dlq).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(dlq, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (reasons.size() < POISON && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        reasons.add(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON));
                    }
                }
            }
        }
        return reasons;
    }
}
