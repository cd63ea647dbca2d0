package io.tunestream.kafka.toolkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A compacted topic materialised in memory: every partition read from the beginning on its own daemon thread,
 * the latest value per key (a null value deletes), and a callback per update. {@link #awaitCaughtUp} gives
 * read-your-writes: it returns once everything written before the call has been read. The one way tunestream views a
 * compacted topic (job statuses, sweeps, recipes, the dataset catalog).
 * <p>It does not stop on what it can survive: an undecodable record is skipped with a warning and counted, a listener
 * that throws is logged and the others still run, and a failed read (the broker away, a timeout) is logged, counted
 * and tried again after a bounded back-off. Only an {@link Error} or an interrupt ends the thread; {@link #alive()} and
 * {@link #failure()} tell a health check.
 *
 * @param <V> value type
 */
public final class CompactedTopicView<V> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CompactedTopicView.class.getName());

    private final Map<String, V> latest = new ConcurrentHashMap<>();
    private final List<Listener<V>> listeners = new CopyOnWriteArrayList<>();
    private final Queue<CompletableFuture<Void>> syncRequests = new ConcurrentLinkedQueue<>();
    /**
     * Called for every value read (not for deletions).
     *
     * @param <V> value type
     */
    @FunctionalInterface
    public interface Listener<V> {
        /** @param value the key's new value */
        void onUpdate(V value);
    }

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final AtomicLong readErrors = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final CompletableFuture<Void> firstCatchUp = new CompletableFuture<>();
    private final Consumer<String, V> consumer;
    private final String topic;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param consumer a group-less consumer (partitions are assigned here), closed with the view
     * @param topic full topic name
     */
    public CompactedTopicView(Consumer<String, V> consumer, String topic) {
        this(consumer, topic, "view-" + topic);
    }

    /**
     * @param consumer   a group-less consumer (partitions are assigned here), closed with the view
     * @param topic      full topic name
     * @param threadName name of the reading thread (thread dumps, logs)
     */
    public CompactedTopicView(Consumer<String, V> consumer, String topic, String threadName) {
        this.consumer = consumer;
        this.topic = topic;
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    /** Assigns every partition from the beginning and starts reading. */
    public CompactedTopicView<V> start() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        syncRequests.add(firstCatchUp);
        thread.start();
        return this;
    }

    /** @return the latest value of a key */
    public Optional<V> get(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** @return a snapshot of every key's latest value */
    public Map<String, V> snapshot() {
        return Map.copyOf(latest);
    }

    /**
     * @return whether the consumer thread still runs; false once it has died (see {@link #failure()}) or was
     *         closed. A health check reads this: a dead view no longer sees updates.
     */
    public boolean alive() {
        return thread.isAlive();
    }

    /** @return what ended the consumer thread, if it died of an error rather than being closed */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return whether the view has read, at least once, everything the topic held when it started */
    public boolean caughtUp() {
        return firstCatchUp.isDone();
    }

    /** @return reads that failed and were tried again (broker away, timeouts) since the start */
    public long readErrors() {
        return readErrors.get();
    }

    /** @return undecodable records skipped since the start */
    public long skipped() {
        return skipped.get();
    }

    /** Registers a callback for every value read; a callback that throws is logged and skipped. */
    public void onUpdate(Listener<V> listener) {
        listeners.add(listener);
    }

    /** @return whether the view read everything written before this call within the timeout */
    public boolean awaitCaughtUp(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        syncRequests.add(done);
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private void loop() {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        int failures = 0;
        try {
            while (running) {
                try {
                    readOnce(waiting);
                    failures = 0;
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failures++;
                    readErrors.incrementAndGet();
                    LOG.log(System.Logger.Level.WARNING, "The view of {0} failed to read ({1} in a row), trying again: {2}",
                            topic, failures, e.toString());
                    backOff(failures);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Error | InterruptException e) {
            // an interrupt asks the thread to end, an Error leaves nothing to trust: the view reports its death
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "The view of " + topic + " stopped reading: " + e, e);
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Reads one round; requests for read-your-writes are answered once the ends they saw are reached. */
    private void readOnce(List<CompletableFuture<Void>> waiting) {
        for (CompletableFuture<Void> f; (f = syncRequests.poll()) != null; ) {
            waiting.add(f);
        }
        Map<TopicPartition, Long> ends = waiting.isEmpty() ? Map.of() : consumer.endOffsets(consumer.assignment());
        do {
            pollOnce();
        } while (running && !reached(ends));
        waiting.forEach(f -> f.complete(null));
        waiting.clear();
    }

    private void backOff(int failures) {
        long millis = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(failures, 10));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.value() == null) {
                    latest.remove(r.key());
                    continue;
                }
                latest.put(r.key(), r.value());
                notifyListeners(r);
            }
        } catch (RecordDeserializationException e) {
            skipped.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "Skipping undecodable record of {0} at {1} offset {2}: {3}", topic,
                    e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private void notifyListeners(ConsumerRecord<String, V> r) {
        for (Listener<V> listener : listeners) {
            try {
                listener.onUpdate(r.value());
            } catch (RuntimeException e) {
                // one listener's bug must not stop the view for every other reader
                LOG.log(System.Logger.Level.ERROR, "A listener of the view of " + topic + " failed on key " + r.key()
                        + ": " + e, e);
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
