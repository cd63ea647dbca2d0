package io.tunestream.ingest.messaging;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The transactional producers uploads run in: a fixed pool of slots whose transactional ids are stable per ingest
 * instance, {@code prefix + instanceId + "-" + slot}. {@link #fenceAll()} (at start-up) calls
 * {@code initTransactions()} for every slot, which bumps the producer epoch of that id on the broker: a producer a
 * killed predecessor with the same instance id left behind is fenced and its open transaction aborted at once,
 * so the partitions it wrote to do not stall read_committed readers until the transaction timeout (15 minutes).
 * A slot's producer is reused from upload to upload; one that failed fatally is closed and made anew.
 */
final class UploadSlots implements AutoCloseable {

    /** Makes a transactional producer with the given transactional id (not yet initialised). */
    @FunctionalInterface
    interface ProducerFactory {
        Producer<String, SpecificRecord> create(String transactionalId);
    }

    private static final Logger LOG = Logger.getLogger(UploadSlots.class);
    /** Closing a producer with this much time aborts its open transaction on the broker before it goes. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final List<Slot> all = new ArrayList<>();
    private final BlockingQueue<Slot> free = new LinkedBlockingQueue<>();

    UploadSlots(String idBase, int size, ProducerFactory factory) {
        if (size < 1) {
            throw new IllegalArgumentException("upload slots must be at least 1, got " + size);
        }
        for (int i = 0; i < size; i++) {
            Slot slot = new Slot(idBase + "-" + i, factory);
            all.add(slot);
            free.add(slot);
        }
    }

    /** The transactional ids of the slots, in slot order. */
    List<String> transactionalIds() {
        return all.stream().map(Slot::transactionalId).toList();
    }

    /**
     * Initialises every slot's producer: fences producers of a previous process with the same ids and aborts their
     * open transactions. Blocks until the broker answers (the producer's {@code max.block.ms}).
     */
    void fenceAll() {
        for (Slot slot : all) {
            slot.producer();
        }
        LOG.infof("Upload transactional ids %s initialised: open transactions of a previous instance are aborted",
                transactionalIds());
    }

    /** A free slot, or empty when every slot runs an upload. */
    Optional<Slot> tryAcquire() {
        return Optional.ofNullable(free.poll());
    }

    /** Hands a slot back; a slot whose producer failed fatally is closed first (it is made anew on next use). */
    void release(Slot slot, boolean healthy) {
        if (!healthy) {
            slot.discard();
        }
        free.add(slot);
    }

    /** Closes every producer; a producer closed with time left aborts its open transaction on the broker. */
    @Override
    public void close() {
        all.forEach(Slot::discard);
    }

    /** One transactional id and its producer, made and initialised on first use. */
    static final class Slot {
        private final String transactionalId;
        private final ProducerFactory factory;
        private Producer<String, SpecificRecord> producer;

        private Slot(String transactionalId, ProducerFactory factory) {
            this.transactionalId = transactionalId;
            this.factory = factory;
        }

        String transactionalId() {
            return transactionalId;
        }

        synchronized Producer<String, SpecificRecord> producer() {
            if (producer == null) {
                Producer<String, SpecificRecord> p = factory.create(transactionalId);
                try {
                    p.initTransactions();
                } catch (RuntimeException e) {
                    p.close(Duration.ZERO);
                    throw e;
                }
                producer = p;
            }
            return producer;
        }

        synchronized void discard() {
            if (producer != null) {
                try {
                    producer.close(CLOSE_TIMEOUT);
                } finally {
                    producer = null;
                }
            }
        }
    }
}
