package io.tunestream.kafka.toolkit;

import io.tunestream.schemas.DeadLetterHeaders.Refusal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The one consumer loop for long-running work (a training job, a recipe's transaction): one record at a time, on a
 * work thread, while the loop thread keeps polling with every partition paused, so the consumer stays in its group
 * however long the work takes. Records are read as raw bytes and decoded here, so whatever is refused still has its
 * original bytes for the dead-letter topic.
 * <ul>
 * <li><b>Commit</b>: a record's offset is committed only after its work ended (or it was dead-lettered, or passed
 * over by {@link ConsumerLoopSettings#select()}): at-least-once, the work must be idempotent.</li>
 * <li><b>Retry</b>: a failure the {@link ConsumerLoopSettings#classifier()} calls {@link Verdict#RETRY} runs the work
 * again after a bounded exponential back-off, up to {@link ConsumerLoopSettings#maxAttempts()}; then dead-letter.</li>
 * <li><b>Dead letters</b>: undecodable records and {@link Verdict#DEAD_LETTER} failures go to {@code <topic>.dlq}
 * through the {@link DeadLetterWriter}; without one they are counted in {@link Counts#skipped()} and logged.</li>
 * <li><b>Shutdown</b>: {@link #close()} waits {@link ConsumerLoopSettings#shutdownGrace()} for running work; work still
 * running then is interrupted and abandoned WITHOUT committing its offset, so the group hands it to another
 * instance. {@link Verdict#STOP} ends the loop the same way and reports it through {@link #failure()}.</li>
 * <li><b>Rebalance</b>: records of a revoked partition are dropped (their new owner reads them); running work of a
 * revoked partition is either committed and finished here ({@link ConsumerLoopSettings#keepRunningWorkOnRevoke()})
 * or abandoned.</li>
 * </ul>
 *
 * @param <V> the decoded value type
 */
public final class ConsumerLoop<V> implements Runnable, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConsumerLoop.class.getName());

    /** What to do with a record whose work failed. */
    public enum Verdict {
        /** A transient error: run the work again after a back-off. */
        RETRY,
        /** The record itself is at fault: dead-letter it and go on. */
        DEAD_LETTER,
        /** The service cannot go on: stop the loop without committing. */
        STOP
    }

    /**
     * The work done for one record.
     *
     * @param <V> the decoded value type
     */
    @FunctionalInterface
    public interface Work<V> {
        /**
         * Does the work; returning normally marks the record done (its offset is committed next).
         *
         * @param record  the decoded record
         * @param context its attempt, offsets and the group (for a transaction that commits the offsets itself)
         * @throws Exception to have the classifier decide: retry, dead-letter or stop
         */
        void process(ConsumerRecord<String, V> record, WorkContext context) throws Exception;
    }

    /**
     * What the loop counted since it started.
     *
     * @param processed    records whose work ended normally
     * @param retried      attempts run again after a failure
     * @param deadLettered records written to a dead-letter topic
     * @param skipped      refused records not dead-lettered (no writer configured), each logged with its reason
     * @param passedOver   records {@code select} did not want (committed without work)
     */
    public record Counts(long processed, long retried, long deadLettered, long skipped, long passedOver) {
    }

    private final Consumer<String, byte[]> consumer;
    private final ConsumerLoopSettings<V> settings;
    private final Work<V> work;
    private final Optional<DeadLetterWriter> deadLetters;
    private final ExecutorService workThread;
    private final Queue<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    private final Map<TopicPartition, Long> done = new HashMap<>();
    /** The offset last committed per partition this loop has read from. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final LoopCounters counters = new LoopCounters();
    private volatile boolean running = true;
    private volatile boolean finished;
    private volatile Throwable failure;
    private Running<V> current;

    /**
     * @param consumer    a group consumer of String keys and raw values, manual commits; closed by the loop
     * @param settings    topics, decoding, selection, retry and shutdown policy
     * @param work        the work per record
     * @param deadLetters where refused records go, if anywhere; closed by the loop
     */
    public ConsumerLoop(Consumer<String, byte[]> consumer, ConsumerLoopSettings<V> settings, Work<V> work,
            Optional<DeadLetterWriter> deadLetters) {
        this.consumer = consumer;
        this.settings = settings;
        this.work = work;
        this.deadLetters = deadLetters;
        this.workThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, settings.name() + "-work");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the loop on a new daemon thread named after the loop. */
    public Thread start() {
        Thread thread = new Thread(this, settings.name());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(settings.topics(), new Rebalance());
            while (running) {
                pollOnce();
                advance();
            }
        } catch (WakeupException e) {
            // close() was called
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "Consumer loop " + settings.name() + " stopped: " + e, e);
        } finally {
            shutDown();
        }
    }

    /**
     * @return whether the loop has not ended: false once it was closed, or stopped of an error or a
     *     {@link Verdict#STOP} (see {@link #failure()}); a health check reads this
     */
    public boolean alive() {
        return !finished && failure == null;
    }

    /** @return what stopped the loop, if it stopped of an error or a {@link Verdict#STOP} */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return what the loop counted so far */
    public Counts counts() {
        return counters.snapshot();
    }

    /** Stops the loop: running work gets the shutdown grace, then is abandoned without committing its offset. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    /** @return whether the loop has ended (closed, failed or stopped) within the timeout */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!finished && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return finished;
    }

    private void pollOnce() {
        try {
            consumer.poll(settings.pollTimeout()).forEach(pending::add);
        } catch (RetriableException e) {
            // the broker is away for a while: keep the running work, try again
            LOG.log(System.Logger.Level.WARNING, "Consumer loop {0}: poll failed, retrying: {1}", settings.name(), e);
            return;
        }
        if (current != null || !pending.isEmpty()) {
            consumer.pause(consumer.assignment());
        }
    }

    private void advance() {
        if (current != null && !current.tryFinish()) {
            return;
        }
        while (current == null && !pending.isEmpty()) {
            begin(pending.poll());
        }
        if (current == null) {
            donePositions();
            commitDone();
            consumer.resume(consumer.paused());
        }
    }

    private void begin(ConsumerRecord<String, byte[]> raw) {
        V value;
        try {
            value = raw.value() == null ? null : settings.decoder().deserialize(raw.topic(), raw.headers(), raw.value());
        } catch (RuntimeException e) {
            refuse(raw, Refusal.of("UNDECODABLE", e));
            return;
        }
        ConsumerRecord<String, V> record = decoded(raw, value);
        if (!settings.select().test(record)) {
            counters.passedOver.incrementAndGet();
            markDone(raw);
            return;
        }
        current = new Running<>(raw, record, this);
        current.submit(1);
    }

    private Future<?> submit(Running<V> item, int attempt) {
        TopicPartition tp = new TopicPartition(item.raw.topic(), item.raw.partition());
        WorkContext context = new WorkContext(attempt, Map.of(tp, new OffsetAndMetadata(item.raw.offset() + 1)),
                consumer.groupMetadata());
        return workThread.submit(() -> {
            work.process(item.record, context);
            return null;
        });
    }

    /** Decides what a finished attempt means; returns whether the item is over. */
    private boolean onAttemptEnded(Running<V> item, Throwable error) {
        if (error == null) {
            counters.processed.incrementAndGet();
            markDone(item.raw);
            commitDone();
            return true;
        }
        Verdict verdict = settings.classifier().apply(error);
        if (verdict == Verdict.RETRY && item.attempt < settings.maxAttempts()) {
            counters.retried.incrementAndGet();
            Duration wait = settings.backoff(item.attempt);
            LOG.log(System.Logger.Level.WARNING, "Consumer loop {0}: attempt {1} of {2} failed, again in {3}: {4}",
                    settings.name(), item.attempt, item.raw.offset(), wait, error);
            item.retryAfter(wait);
            return false;
        }
        if (verdict == Verdict.STOP) {
            throw new IllegalStateException("work on " + item.raw.topic() + "-" + item.raw.partition() + "@"
                    + item.raw.offset() + " failed and the loop must stop: " + error, error);
        }
        refuse(item.raw, Refusal.of(verdict == Verdict.RETRY ? "RETRIES_EXHAUSTED" : "WORK_FAILED", error));
        commitDone();
        return true;
    }

    private void refuse(ConsumerRecord<String, byte[]> raw, Refusal refusal) {
        if (deadLetters.isPresent()) {
            deadLetters.get().write(raw, refusal);
            counters.deadLettered.incrementAndGet();
        } else {
            counters.skipped.incrementAndGet();
        }
        LOG.log(System.Logger.Level.WARNING, "Consumer loop {0}: {1} {2}-{3}@{4}: {5} {6}", settings.name(),
                deadLetters.isPresent() ? "dead-lettered" : "skipped", raw.topic(), raw.partition(), raw.offset(),
                refusal.reason(), refusal.detail());
        markDone(raw);
    }

    /**
     * With nothing pending, everything fetched is done: the consumer's positions (past transaction markers too, so
     * the group's lag reads 0 once caught up) become the offsets to commit.
     */
    private void donePositions() {
        for (TopicPartition tp : committed.keySet()) {
            if (consumer.assignment().contains(tp)) {
                long position = consumer.position(tp);
                if (position > committed.get(tp)) {
                    done.merge(tp, position, Math::max);
                }
            }
        }
    }

    private void markDone(ConsumerRecord<String, byte[]> raw) {
        TopicPartition tp = new TopicPartition(raw.topic(), raw.partition());
        done.merge(tp, raw.offset() + 1, Math::max);
        committed.putIfAbsent(tp, -1L);
    }

    private void commitDone() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        done.forEach((tp, next) -> {
            if (consumer.assignment().contains(tp)) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        });
        done.clear();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        } catch (CommitFailedException | RetriableException e) {
            // the group moved on (or the broker is away): these records are read again, the work is idempotent
            LOG.log(System.Logger.Level.WARNING, "Consumer loop {0}: commit of {1} failed: {2}", settings.name(),
                    offsets, e);
        }
    }

    private void shutDown() {
        try {
            if (current != null) {
                current.finishWithin(settings.shutdownGrace());
                // Settled: done (and committed below) or abandoned. Closing the consumer revokes its partitions, and
                // the revocation must not commit abandoned work as "kept running" (keepRunningWorkOnRevoke).
                current = null;
            }
            commitDone();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Consumer loop {0}: shutting down: {1}", settings.name(), e);
        } finally {
            workThread.shutdownNow();
            consumer.close(Duration.ofSeconds(5));
            deadLetters.ifPresent(DeadLetterWriter::close);
            finished = true;
        }
    }

    private static <V> ConsumerRecord<String, V> decoded(ConsumerRecord<String, byte[]> raw, V value) {
        return new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), raw.timestampType(),
                raw.serializedKeySize(), raw.serializedValueSize(), raw.key(), value, raw.headers(),
                raw.leaderEpoch());
    }

    /**
     * What the work of one record gets besides the record.
     *
     * @param attempt  1 for the first run, then 2, 3... after retries
     * @param offsets  the offset to commit once this record is done (for a transaction that commits it itself)
     * @param group    the consumer's group metadata at the start of the attempt (for
     *                 {@code sendOffsetsToTransaction})
     */
    public record WorkContext(int attempt, Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
    }

    /** The record being worked on, its attempt and when it may run again. */
    private static final class Running<V> {
        private final ConsumerRecord<String, byte[]> raw;
        private final ConsumerRecord<String, V> record;
        private final ConsumerLoop<V> loop;
        private int attempt;
        private long notBeforeNanos;
        private Future<?> future;

        Running(ConsumerRecord<String, byte[]> raw, ConsumerRecord<String, V> record, ConsumerLoop<V> loop) {
            this.raw = raw;
            this.record = record;
            this.loop = loop;
        }

        void submit(int attempt) {
            this.attempt = attempt;
            this.future = loop.submit(this, attempt);
        }

        void retryAfter(Duration wait) {
            future = null;
            notBeforeNanos = System.nanoTime() + wait.toNanos();
        }

        /** @return whether this item is over (the loop may take the next record) */
        boolean tryFinish() {
            if (future == null) {
                if (System.nanoTime() >= notBeforeNanos) {
                    submit(attempt + 1);
                }
                return false;
            }
            if (!future.isDone()) {
                return false;
            }
            boolean over = loop.onAttemptEnded(this, errorOf(future));
            if (over) {
                loop.current = null;
            }
            return over;
        }

        /** On shutdown: work that ends within the grace counts; otherwise it is abandoned, not committed. */
        void finishWithin(Duration grace) {
            if (future == null) {
                return;
            }
            try {
                future.get(grace.toMillis(), TimeUnit.MILLISECONDS);
                loop.counters.processed.incrementAndGet();
                loop.markDone(raw);
            } catch (TimeoutException | ExecutionException e) {
                future.cancel(true);
                LOG.log(System.Logger.Level.INFO, "Consumer loop {0}: abandoned {1}-{2}@{3} on shutdown, not committed",
                        loop.settings.name(), raw.topic(), raw.partition(), raw.offset());
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
            }
        }

        void abandon() {
            if (future != null) {
                future.cancel(true);
            }
        }

        private static Throwable errorOf(Future<?> future) {
            try {
                future.get();
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            } catch (RuntimeException e) {
                return e;
            }
        }
    }

    /** Drops what a revoked partition's new owner will read; keeps new partitions paused while busy. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            if (current != null && partitions.contains(new TopicPartition(current.raw.topic(), current.raw.partition()))) {
                if (settings.keepRunningWorkOnRevoke()) {
                    markDone(current.raw);
                } else {
                    current.abandon();
                    current = null;
                }
            }
            commitDone();
            committed.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (current != null || !pending.isEmpty()) {
                consumer.pause(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            done.keySet().removeAll(partitions);
            committed.keySet().removeAll(partitions);
        }
    }

    /** The counters behind {@link Counts}. */
    private static final class LoopCounters {
        private final AtomicLong processed = new AtomicLong();
        private final AtomicLong retried = new AtomicLong();
        private final AtomicLong deadLettered = new AtomicLong();
        private final AtomicLong skipped = new AtomicLong();
        private final AtomicLong passedOver = new AtomicLong();

        Counts snapshot() {
            return new Counts(processed.get(), retried.get(), deadLettered.get(), skipped.get(), passedOver.get());
        }
    }
}
