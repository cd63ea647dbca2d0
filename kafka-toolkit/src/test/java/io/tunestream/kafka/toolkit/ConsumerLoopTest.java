package io.tunestream.kafka.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tunestream.kafka.toolkit.ConsumerLoop.Verdict;
import io.tunestream.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop's mechanics on Kafka's MockConsumer: commit after work, pause while busy, retry, dead letters, shutdown. */
@Timeout(30)
class ConsumerLoopTest {

    private static final String TOPIC = "tunestream.training.requests";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    /** Decodes UTF-8 text; refuses values starting with '!' as a real Avro decoder refuses garbage. */
    private static final Deserializer<String> TEXT = (topic, bytes) -> {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("!")) {
            throw new IllegalArgumentException("not a request: " + text);
        }
        return text;
    };

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final MockProducer<byte[], byte[]> dlqProducer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private ConsumerLoop<String> loop;

    @AfterEach
    void closeLoop() throws InterruptedException {
        if (loop != null) {
            loop.close();
            loop.awaitFinished(Duration.ofSeconds(10));
        }
    }

    private ConsumerLoopSettings<String> settings() {
        return ConsumerLoopSettings.of("test-loop", List.of(TOPIC), TEXT)
                .withRetry(3, Duration.ofMillis(10), Duration.ofMillis(40)).withShutdownGrace(Duration.ZERO);
    }

    private void start(ConsumerLoopSettings<String> settings, ConsumerLoop.Work<String> work, String... values) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            for (int i = 0; i < values.length; i++) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, "key-" + i,
                        values[i].getBytes(StandardCharsets.UTF_8)));
            }
        });
        loop = new ConsumerLoop<>(consumer, settings, work,
                Optional.of(new DeadLetterWriter(dlqProducer, "trainer")));
        loop.start();
    }

    private Long committed() {
        OffsetAndMetadata offset = consumer.commits.get(TP);
        return offset == null ? null : offset.offset();
    }

    /** Kafka's MockConsumer, keeping what was committed readable after the loop closed it. */
    private static final class RecordingConsumer extends MockConsumer<String, byte[]> {
        private final Map<TopicPartition, OffsetAndMetadata> commits = new ConcurrentHashMap<>();

        RecordingConsumer() {
            super("earliest");
        }

        private volatile ConsumerRebalanceListener listener;

        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            super.subscribe(topics, listener);
            this.listener = listener;
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            super.commitSync(offsets);
            commits.putAll(offsets);
        }

        /** As KafkaConsumer: leaving the group on close revokes the assigned partitions first. */
        @Override
        public synchronized void close(Duration timeout) {
            if (listener != null && !closed()) {
                listener.onPartitionsRevoked(assignment());
            }
            super.close(timeout);
        }
    }

    @Test
    void shouldCommitOffsetOnlyWhenWorkHasEndedWhileThePartitionStaysPaused() throws Exception {
        // Given work that runs until released
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        start(settings(), (record, context) -> {
            running.countDown();
            release.await();
        }, "job-1");

        // When the work runs
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        // Then nothing is committed (and stays so while the loop keeps polling) and the partition is paused
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> committed() == null);
        assertThat(consumer.paused()).containsExactly(TP);

        // When the work ends
        release.countDown();

        // Then its offset is committed and the partition resumed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(committed()).isEqualTo(1L));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consumer.paused()).isEmpty());
        assertThat(loop.counts().processed()).isEqualTo(1);
    }

    @Test
    void shouldAbandonRunningWorkWithoutCommittingWhenClosed() throws Exception {
        // Given work that never ends by itself (a training job) and a loop without shutdown grace
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        start(settings(), (record, context) -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }, "job-1");
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        // When the service stops (SIGTERM)
        loop.close();

        // Then the work is interrupted, its offset not committed, and the consumer closed
        assertThat(loop.awaitFinished(Duration.ofSeconds(10))).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
        assertThat(committed()).isNull();
        assertThat(consumer.closed()).isTrue();
        assertThat(loop.alive()).isFalse();
        assertThat(loop.failure()).isEmpty();
    }

    @Test
    void shouldNotCommitAbandonedWorkWhenClosingRevokesItsPartitionAndRunningWorkIsKeptOnRevoke() throws Exception {
        // Given a trainer-like loop (running work is kept on a rebalance's revocation) and a job in progress
        CountDownLatch running = new CountDownLatch(1);
        start(settings().withKeepRunningWorkOnRevoke(true), (record, context) -> {
            running.countDown();
            Thread.sleep(60_000);
        }, "job-1");
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        // When the service stops (SIGTERM): the job is abandoned, then closing the consumer revokes its partition
        loop.close();

        // Then the abandoned job's request is not committed: the next worker gets it again
        assertThat(loop.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(consumer.closed()).isTrue();
        assertThat(committed()).isNull();
    }

    @Test
    void shouldRetryTransientFailureWithBackoffThenCommitWhenItSucceeds() {
        // Given work that times out twice, then succeeds
        AtomicInteger attempts = new AtomicInteger();
        List<Integer> seenAttempts = new CopyOnWriteArrayList<>();
        start(settings(), (record, context) -> {
            seenAttempts.add(context.attempt());
            if (attempts.incrementAndGet() < 3) {
                throw new TimeoutException("broker busy");
            }
        }, "job-1");

        // Then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(committed()).isEqualTo(1L));
        assertThat(seenAttempts).containsExactly(1, 2, 3);
        assertThat(loop.counts().retried()).isEqualTo(2);
        assertThat(loop.counts().processed()).isEqualTo(1);
        assertThat(dlqProducer.history()).isEmpty();
    }

    @Test
    void shouldDeadLetterUndecodableAndFailedRecordsWithOriginalBytesAndGoOn() {
        // Given a garbage record, a record whose work fails for good, and a good one
        List<String> worked = new CopyOnWriteArrayList<>();
        start(settings(), (record, context) -> {
            if (record.value().equals("bad-request")) {
                throw new IllegalArgumentException("unknown base model");
            }
            worked.add(record.value());
        }, "!garbage", "bad-request", "job-3");

        // Then both refused records are on the DLQ with their bytes and tunestream.dlq.* headers, the good one ran
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(committed()).isEqualTo(3L));
        assertThat(worked).containsExactly("job-3");
        List<ProducerRecord<byte[], byte[]>> dead = dlqProducer.history();
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(r -> assertThat(r.topic()).isEqualTo(TOPIC + ".dlq"));
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("!garbage");
        assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE");
        assertThat(DeadLetterHeaders.get(dead.get(1).headers(), DeadLetterHeaders.REASON)).isEqualTo("WORK_FAILED");
        assertThat(DeadLetterHeaders.get(dead.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(DeadLetterHeaders.get(dead.get(1).headers(), DeadLetterHeaders.STAGE)).isEqualTo("trainer");
        assertThat(new String(dead.get(1).key(), StandardCharsets.UTF_8)).isEqualTo("key-1");
        assertThat(loop.counts().deadLettered()).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterWhenRetriesAreExhausted() {
        // Given work that always times out
        start(settings(), (record, context) -> {
            throw new TimeoutException("broker away");
        }, "job-1");

        // Then after maxAttempts it is dead-lettered as RETRIES_EXHAUSTED and committed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(committed()).isEqualTo(1L));
        assertThat(dlqProducer.history()).singleElement().satisfies(r -> assertThat(
                DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("RETRIES_EXHAUSTED"));
        assertThat(loop.counts().retried()).isEqualTo(2);
    }

    @Test
    void shouldPassOverUnselectedRecordsAndCommitThem() {
        // Given a loop that only works on seals
        List<String> worked = new CopyOnWriteArrayList<>();
        start(settings().withSelect(r -> r.value().startsWith("seal")), (record, context) -> worked.add(record.value()),
                "record-1", "record-2", "seal-1");

        // Then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(committed()).isEqualTo(3L));
        assertThat(worked).containsExactly("seal-1");
        assertThat(loop.counts().passedOver()).isEqualTo(2);
    }

    @Test
    void shouldStopWithoutCommittingWhenTheClassifierSaysStop() throws Exception {
        // Given a failure the service cannot go on after
        start(settings().withClassifier(e -> Verdict.STOP), (record, context) -> {
            throw new IllegalStateException("disk full");
        }, "job-1");

        // Then the loop ends, reports why, and commits nothing
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.failure().isPresent());
        assertThat(loop.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(loop.alive()).isFalse();
        assertThat(loop.failure().get()).hasMessageContaining("disk full");
        assertThat(committed()).isNull();
        assertThat(dlqProducer.history()).isEmpty();
    }

    @Test
    void shouldGrowBackoffUpToItsBound() {
        ConsumerLoopSettings<String> settings = settings().withRetry(10, Duration.ofMillis(100), Duration.ofMillis(350));
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofMillis(350));
        assertThat(settings.backoff(30)).isEqualTo(Duration.ofMillis(350));
    }
}
