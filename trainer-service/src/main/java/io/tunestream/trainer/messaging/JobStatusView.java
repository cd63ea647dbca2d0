package io.tunestream.trainer.messaging;

import io.tunestream.events.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The compacted job-status topic materialised in memory: read from the beginning on its own thread,
 * latest status per job id, and a callback for every update (the worker uses it to notice cancellations
 * written by any REST replica). {@link #awaitCaughtUp} gives read-your-writes to REST callers.
 */
public final class JobStatusView implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobStatusView.class);

    private final Map<String, JobStatus> latest = new ConcurrentHashMap<>();
    private final List<Consumer<JobStatus>> listeners = new CopyOnWriteArrayList<>();
    private final Queue<CompletableFuture<Void>> syncRequests = new ConcurrentLinkedQueue<>();
    private final KafkaConsumer<String, JobStatus> consumer;
    private final String topic;
    private final Thread thread;
    private volatile boolean running = true;

    JobStatusView(KafkaConsumer<String, JobStatus> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
        this.thread = new Thread(this::loop, "job-status-view");
        this.thread.setDaemon(true);
    }

    void start() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
    }

    /** @return the latest status of a job */
    public Optional<JobStatus> get(String jobId) {
        return Optional.ofNullable(latest.get(jobId));
    }

    /** Registers a callback for every status update read. */
    public void onUpdate(Consumer<JobStatus> listener) {
        listeners.add(listener);
    }

    /**
     * Waits until the view has read everything written to the topic before this call.
     *
     * @return whether it caught up within the timeout
     */
    public boolean awaitCaughtUp(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        syncRequests.add(done);
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void loop() {
        try {
            while (running) {
                List<CompletableFuture<Void>> waiting = drainRequests();
                Map<TopicPartition, Long> ends = waiting.isEmpty() ? Map.of() : consumer.endOffsets(consumer.assignment());
                do {
                    pollOnce();
                } while (running && !reached(ends));
                waiting.forEach(f -> f.complete(null));
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, JobStatus> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.value() == null) {
                    latest.remove(r.key());
                    continue;
                }
                latest.put(r.key(), r.value());
                listeners.forEach(l -> l.accept(r.value()));
            }
        } catch (RecordDeserializationException e) {
            LOG.warnf("Skipping undecodable job status at %s offset %d: %s", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private List<CompletableFuture<Void>> drainRequests() {
        List<CompletableFuture<Void>> out = new java.util.ArrayList<>();
        for (CompletableFuture<Void> f; (f = syncRequests.poll()) != null; ) {
            out.add(f);
        }
        return out;
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
