package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The set of sealed dataset versions, materialised from the compacted catalog topic with a read_committed
 * consumer on its own thread (one entry per sealed version; a tombstone removes one). Uploads ask it
 * whether a version is already sealed; they wait until it has read the topic up to its end at start-up.
 */
public final class CatalogView implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CatalogView.class);

    private final KafkaConsumer<String, DatasetEvent> consumer;
    private final String topic;
    private final Set<String> sealed = ConcurrentHashMap.newKeySet();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public CatalogView(KafkaConsumer<String, DatasetEvent> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
        this.thread = new Thread(this::run, "catalog-view");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether the view has read the whole catalog as it was at start-up. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Waits until {@link #caughtUp()}; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the consumer thread still runs: false once it died (or was closed). A dead view no longer learns of
     * versions sealed elsewhere, so liveness reads this.
     */
    public boolean alive() {
        return thread.isAlive();
    }

    /** Whether a sealed entry exists for the dataset key. */
    public boolean isSealed(String datasetKey) {
        return sealed.contains(datasetKey);
    }

    /** Records a version this instance has just committed, before the topic delivers it back. */
    public void markSealed(String datasetKey) {
        sealed.add(datasetKey);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> target = consumer.endOffsets(partitions);
            while (running) {
                pollOnce();
                if (caughtUp.getCount() > 0 && reached(target)) {
                    LOG.infof("Catalog view caught up: %d sealed dataset versions", sealed.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("Catalog view stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, DatasetEvent> record : consumer.poll(Duration.ofMillis(500))) {
                apply(record);
            }
        } catch (RecordDeserializationException e) {
            // Not ours to repair: skip the unreadable entry, keep the view alive.
            LOG.warnf("Skipping unreadable catalog entry %s@%d: %s", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private void apply(ConsumerRecord<String, DatasetEvent> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            sealed.remove(record.key());
        } else {
            sealed.add(record.key());
        }
    }

    private boolean reached(Map<TopicPartition, Long> target) {
        return target.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
