package io.tunestream.evaluator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.evaluator.it.CheckpointEvents;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.Evaluation;
import io.tunestream.events.Lineage;
import io.tunestream.events.Task;
import io.tunestream.model.events.CheckpointAssembler.Assembled;
import io.tunestream.model.events.Sha256;
import io.tunestream.schemas.serde.AnyEventSerializer;
import io.tunestream.kafka.toolkit.EventClients;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.testsupport.KafkaTestSupport;
import io.tunestream.testsupport.SharedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restarted evaluator reads when a sweep's best trial was consumed by its previous run: the trial's final
 * checkpoint reassembled from the checkpoints topic, and whether an evaluation of it was already published. Real
 * broker, real events, several jobs and models sharing the topics' partitions.
 */
@ExtendWith(SharedKafkaExtension.class)
@Timeout(120)
class MissedSweepTrialSourcesTest {

    @TempDir
    Path work;

    @Test
    void shouldReassembleOnlyTheJobsLatestFinalCheckpointWhenReadFromTheLog() throws Exception {
        // Given a checkpoints topic (2 partitions) with, for trial A, an intermediate and a final checkpoint in
        // 3 chunks each, interleaved with trial B's final checkpoint
        String topic = KafkaTestSupport.uniqueTopic("checkpoints");
        KafkaTestSupport.createTopics(TopicSpec.of(topic, 2));
        byte[] intermediate = randomBytes(1, 2500);
        byte[] finalA = randomBytes(2, 2600);
        byte[] finalB = randomBytes(3, 900);
        Lineage a = CheckpointEvents.lineage("ds", "v1", "sweep-t1");
        Lineage b = CheckpointEvents.lineage("ds", "v1", "sweep-t2");
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            List<Checkpoint> first = CheckpointEvents.checkpoint("sweep-t1", "spam", a, intermediate, 1000, 8, false);
            List<Checkpoint> other = CheckpointEvents.checkpoint("sweep-t2", "spam", b, finalB, 1000, 16, true);
            List<Checkpoint> last = CheckpointEvents.checkpoint("sweep-t1", "spam", a, finalA, 1000, 16, true);
            for (List<Checkpoint> events : List.of(first, other, last)) {
                for (Checkpoint event : events) {
                    producer.send(new ProducerRecord<>(topic, event.getJobId(), event)).get();
                }
            }
        }
        Function<String, Optional<Assembled>> recover = KafkaSources.finalCheckpoint(
                () -> clients().reader(Checkpoint.class), topic, work, java.util.List.of());

        // When trial A's, trial B's and an unknown job's final checkpoints are asked for
        Optional<Assembled> recoveredA = recover.apply("sweep-t1");
        Optional<Assembled> recoveredB = recover.apply("sweep-t2");
        Optional<Assembled> unknown = recover.apply("sweep-t9");

        // Then A's and B's are their final checkpoints, byte for byte; nothing is made up for the unknown job;
        // and A's intermediate checkpoint left no file behind
        assertThat(recoveredA).isPresent();
        assertThat(recoveredA.get().header().getCheckpointId()).isEqualTo("sweep-t1-final");
        assertThat(Sha256.of(Files.readAllBytes(recoveredA.get().weights()))).isEqualTo(Sha256.of(finalA));
        assertThat(recoveredB.map(x -> x.header().getCheckpointId())).contains("sweep-t2-final");
        assertThat(Files.readAllBytes(recoveredB.get().weights())).isEqualTo(finalB);
        assertThat(unknown).isEmpty();
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("step-8"));
        }
    }

    @Test
    void shouldTellWhetherATrialWasEvaluatedWhenReadingItsModelsPartition() throws Exception {
        // Given an evaluations topic with evaluations of job j1 of model "spam" and job j2 of model "ham"
        String topic = KafkaTestSupport.uniqueTopic("evaluations");
        KafkaTestSupport.createTopics(TopicSpec.of(topic, 3));
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "spam", evaluation("j1", "spam"))).get();
            producer.send(new ProducerRecord<>(topic, "ham", evaluation("j2", "ham"))).get();
        }
        BiPredicate<String, String> evaluated = KafkaSources.evaluated(() -> clients().reader(Evaluation.class), topic);

        // When / Then: only the (model, job) pairs that were published count
        assertThat(evaluated.test("spam", "j1")).isTrue();
        assertThat(evaluated.test("ham", "j2")).isTrue();
        assertThat(evaluated.test("spam", "j2")).isFalse();
        assertThat(evaluated.test("spam", "j3")).isFalse();
        assertThat(evaluated.test("other", "j1")).isFalse();
    }

    private static Evaluation evaluation(String jobId, String model) {
        return Evaluation.newBuilder().setEvaluationId("eval-" + jobId).setCheckpointId(jobId + "-final").setJobId(jobId)
                .setModelName(model).setTask(Task.CLASSIFICATION).setTestRecords(10).setMetrics(Map.of("accuracy", 0.9))
                .setBlessed(true).setLineage(CheckpointEvents.lineage("ds", "v1", jobId)).setProducedAt(Instant.now())
                .build();
    }

    private static EventClients clients() {
        return new EventClients(io.tunestream.schemas.KafkaConnection.plaintext(KafkaTestSupport.bootstrapServers()));
    }

    private static KafkaProducer<String, SpecificRecord> producer() {
        return clients().eventProducer(Map.of());
    }

    private static byte[] randomBytes(long seed, int n) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
