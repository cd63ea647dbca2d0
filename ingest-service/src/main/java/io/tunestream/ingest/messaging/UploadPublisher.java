package io.tunestream.ingest.messaging;

import io.tunestream.ingest.domain.DatasetIngestion;
import io.tunestream.ingest.domain.IngestCounts;
import io.tunestream.ingest.domain.ValidRecord;
import io.tunestream.events.DatasetRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes one dataset version in ONE Kafka transaction: the records to the raw topic in batches of up to
 * {@code batchRecords} records (or {@value #BATCH_CHARS} characters of text), then the seal (record and batch
 * counts, records per partition and per label, per-dataset config), the catalog entry and the stage report. Any failure (bad input, a client that went away, a broker error, a concurrent upload of the
 * same version fencing this one, the service shutting down: {@link #cancel}) aborts the transaction, so
 * read_committed consumers see all or nothing. The producer belongs to an {@link UploadSlots} slot: it is
 * initialised already and outlives the upload.
 */
public final class UploadPublisher {

    /** Runs the upload, handing each valid record to the sink. */
    @FunctionalInterface
    public interface Upload {
        IngestCounts run(DatasetIngestion.RecordSink sink) throws IOException;
    }

    /** A batch also closes at this many characters of text, so that it stays well under Kafka's 1 MB message limit. */
    static final long BATCH_CHARS = 256 * 1024;

    private final Producer<String, SpecificRecord> producer;
    private final TopicNames topics;
    private final DatasetEventFactory events;
    private final Map<Integer, Long> partitionCounts = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Callback onAck = (metadata, error) -> onAck(metadata, error, 0);
    private final int batchRecords;
    private final AtomicReference<UploadAbortedException> cancelled = new AtomicReference<>();
    private volatile boolean reusable = true;
    private List<DatasetRecord> pending = new ArrayList<>();
    private long pendingChars;
    private long sequence;
    private long batches;

    UploadPublisher(Producer<String, SpecificRecord> producer, TopicNames topics, DatasetEventFactory events,
                    int batchRecords) {
        if (batchRecords < 1) {
            throw new IllegalArgumentException("batch records must be at least 1, got " + batchRecords);
        }
        this.producer = producer;
        this.topics = topics;
        this.events = events;
        this.batchRecords = batchRecords;
    }

    /** Publishes the upload and commits; on any exception the transaction is aborted and the exception rethrown. */
    IngestCounts publish(Upload upload, Map<String, String> config) throws IOException {
        producer.beginTransaction();
        try {
            IngestCounts counts = upload.run(this::send);
            sendBatch();
            producer.flush();
            throwIfSendFailed();
            throwIfCancelled();
            sealAndReport(counts, config);
            throwIfCancelled();
            producer.commitTransaction();
            return counts;
        } catch (IOException | RuntimeException | Error e) {
            abortQuietly(e);
            UploadAbortedException aborted = cancelled.get();
            if (aborted != null && aborted != e) {
                aborted.addSuppressed(e);
                throw aborted;
            }
            if (fenced(e)) {
                throw new ConcurrentUploadException("a concurrent upload of " + events.key() + " took over", e);
            }
            throw e;
        }
    }

    /**
     * Stops the upload at its next record (called from another thread, e.g. on shutdown): its transaction is aborted
     * and {@link #publish} throws {@code reason}.
     */
    void cancel(UploadAbortedException reason) {
        cancelled.compareAndSet(null, reason);
    }

    /** Whether the producer can run another transaction (false once aborting failed, e.g. after being fenced). */
    boolean reusable() {
        return reusable;
    }

    private void throwIfCancelled() {
        UploadAbortedException aborted = cancelled.get();
        if (aborted != null) {
            throw aborted;
        }
    }

    private void send(ValidRecord record) {
        throwIfCancelled();
        DatasetRecord r = events.record(++sequence, record);
        pending.add(r);
        pendingChars += length(r.getText()) + length(r.getPrompt()) + length(r.getCompletion());
        if (pending.size() >= batchRecords || pendingChars >= BATCH_CHARS) {
            sendBatch();
        }
    }

    private void sendBatch() {
        throwIfSendFailed();
        if (pending.isEmpty()) {
            return;
        }
        int n = pending.size();
        producer.send(new ProducerRecord<>(topics.raw(), events.key(), events.batch(batches++, pending)),
                (metadata, error) -> onAck(metadata, error, n));
        pending = new ArrayList<>();
        pendingChars = 0;
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    private void onAck(RecordMetadata metadata, Exception error, int records) {
        if (error != null) {
            sendFailure.compareAndSet(null, error);
        } else if (records > 0) {
            partitionCounts.merge(metadata.partition(), (long) records, Long::sum);
        }
    }

    private void sealAndReport(IngestCounts counts, Map<String, String> config) {
        Map<String, Long> byPartition = new TreeMap<>();
        partitionCounts.forEach((p, n) -> byPartition.put(String.valueOf(p), n));
        var seal = events.seal(counts.accepted(), batches, byPartition, counts.labels(), config);
        producer.send(new ProducerRecord<>(topics.raw(), events.key(), seal), onAck);
        producer.send(new ProducerRecord<>(topics.catalog(), events.key(), seal), onAck);
        long recordsIn = counts.accepted() + counts.rejectedTotal();
        producer.send(new ProducerRecord<>(topics.reports(), events.key(),
                events.report(recordsIn, counts, 0, counts.labels(), config)), onAck);
        producer.flush();
        throwIfSendFailed();
    }

    private void throwIfSendFailed() {
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw failure instanceof KafkaException k ? k : new KafkaException("send failed", failure);
        }
    }

    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private void abortQuietly(Throwable cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailed) { // fenced, or closed by shutdown: closing aborts it on the broker
            reusable = false;
            cause.addSuppressed(abortFailed);
        }
    }
}
