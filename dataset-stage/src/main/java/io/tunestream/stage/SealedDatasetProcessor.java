package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.SingleObjectCodec;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Buffers each dataset version's record batches in a state store until its seal arrives (one store entry per
 * batch, not per record), checks the version is complete, applies the {@link DatasetStage}, then writes record
 * batches, seal and report in the same exactly-once transaction. Undecodable or invalid events (a batch with one
 * bad record is a poison batch) go to the dead-letter sink with their original bytes; whether the version then goes
 * on without them is the dataset's {@link PoisonPolicy}, judged at the seal by {@link SealVerdict}.
 */
final class SealedDatasetProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String RECORDS_STORE = "dataset-records";
    static final String PROGRESS_STORE = "dataset-progress";
    private static final String SEP = "\u0000";
    private static final String DLQ_COUNT = SEP + "dlq";
    private static final String DONE = SEP + "sealed";
    private static final String BATCHES = SEP + "batches";
    /** Dead-lettered events of a version that decoded (poison batches), and the records they held. */
    private static final String DLQ_KNOWN = SEP + "dlq-known";
    private static final String DLQ_RECORDS = SEP + "dlq-records";

    private final DatasetStage stage;
    private final StageTopics topics;
    private final SingleObjectCodec<DatasetEvent> codec = new SingleObjectCodec<>(DatasetEvent.class);
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> buffered;
    private KeyValueStore<String, Long> progress;
    private StageEmitter emitter;

    SealedDatasetProcessor(DatasetStage stage, StageTopics topics) {
        this.stage = stage;
        this.topics = topics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.buffered = context.getStateStore(RECORDS_STORE);
        this.progress = context.getStateStore(PROGRESS_STORE);
        this.emitter = new StageEmitter(context, stage.name(), StageEmitter.batchRecords(context.appConfigs()), topics);
    }

    @Override
    public void close() {
        emitter.close();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        DatasetEvent event;
        try {
            event = decode(record);
        } catch (EventDecodingException | InvalidEventException e) {
            deadLetter(record, e.getMessage(), e, -1);
            return;
        }
        try {
            validate(record, event);
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage(), e, DatasetEvents.records(event).size());
            return;
        }
        String key = DatasetKeys.of(event.getDatasetId(), event.getVersion());
        if (progress.get(key + DONE) != null) {
            deadLetter(record, "dataset version " + key + " was already sealed at this stage", null, -1);
        } else if (event.getBody() instanceof DatasetSeal seal) {
            onSeal(key, event, seal, record.timestamp());
        } else {
            String storeKey = key + SEP + event.getEventId();
            if (buffered.get(storeKey) == null) { // idempotent by event id
                buffered.put(storeKey, record.value());
                increment(key, DatasetEvents.records(event).size());
                increment(key + BATCHES, 1);
            }
        }
    }

    private DatasetEvent decode(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new InvalidEventException("null value (tombstone) on a dataset topic");
        }
        return codec.decode(record.value());
    }

    private static void validate(Record<byte[], byte[]> record, DatasetEvent event) {
        if (!DatasetKeys.isValidToken(event.getDatasetId()) || !DatasetKeys.isValidToken(event.getVersion())) {
            throw new InvalidEventException("invalid dataset id or version: " + event.getDatasetId() + "@" + event.getVersion());
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!DatasetKeys.of(event.getDatasetId(), event.getVersion()).equals(key)) {
            throw new InvalidEventException("record key " + key + " does not match dataset " + event.getDatasetId() + "@" + event.getVersion());
        }
        for (DatasetRecord r : DatasetEvents.records(event)) {
            if (r.getRecordId() == null || r.getRecordId().isBlank()) {
                throw new InvalidEventException("record without a record id");
            }
        }
    }

    private void onSeal(String key, DatasetEvent sealEvent, DatasetSeal seal, long timestamp) {
        List<DatasetRecord> records = load(key);
        StageResult result;
        long deadLettered = count(key + DLQ_COUNT);
        long leftOut = 0;
        try {
            PoisonPolicy policy = PoisonPolicy.of(seal.getConfig());
            SealVerdict verdict = SealVerdict.judge(arrivals(key, seal), policy);
            leftOut = verdict.leftOut();
            if (policy == PoisonPolicy.DEAD_LETTER) {
                deadLettered = leftOut; // counted in units of the version's records, so in = out + dropped + DLQ
            }
            result = verdict.rejection() == null ? null : StageResult.rejected(verdict.rejection(), seal.getConfig());
        } catch (IllegalArgumentException badPolicy) {
            result = StageResult.rejected(badPolicy.getMessage(), seal.getConfig());
        }
        DatasetBatch batch = new DatasetBatch(sealEvent.getDatasetId(), sealEvent.getVersion(), records, seal,
                deadLettered, leftOut);
        if (result == null) {
            result = applySafely(batch);
            if (leftOut > 0 && !result.isRejected()) {
                String note = "poison-policy dead-letter: " + leftOut + " records or undecodable events of this "
                        + "version are in the dead-letter topic and were left out";
                result = result.withNote(result.note() == null ? note : result.note() + "; " + note);
            }
        }
        emitter.emit(sealEvent, batch, result, timestamp);
        clear(key);
        context.commit(); // the version's output becomes visible now, not at the next commit interval
    }

    private SealVerdict.Arrivals arrivals(String key, DatasetSeal seal) {
        boolean countsBatches = seal.getBatchCount() > 0 && seal.getPartitionCounts().size() <= 1;
        long known = count(key + DLQ_KNOWN);
        return new SealVerdict.Arrivals(expectedCount(seal), count(key), countsBatches ? seal.getBatchCount() : 0,
                count(key + BATCHES), count(key + DLQ_RECORDS), known, count(key + DLQ_COUNT) - known);
    }

    private StageResult applySafely(DatasetBatch batch) {
        try {
            StageResult result = stage.apply(batch);
            long in = batch.records().size();
            if (!result.isRejected() && in + result.generated() != result.records().size() + result.droppedTotal()) {
                return StageResult.rejected("accounting does not hold: in=" + in + " generated=" + result.generated()
                        + " out=" + result.records().size() + " dropped=" + result.droppedTotal(), result.applied());
            }
            return result;
        } catch (RuntimeException e) {
            return StageResult.rejected(stage.name() + " failed: " + e, batch.config());
        }
    }

    private long expectedCount(DatasetSeal seal) {
        if (seal.getPartitionCounts().isEmpty()) {
            return seal.getRecordCount();
        }
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(0);
        return seal.getPartitionCounts().getOrDefault(Integer.toString(partition), 0L);
    }

    private List<DatasetRecord> load(String key) {
        List<DatasetRecord> records = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = buffered.prefixScan(key + SEP, new StringSerializer())) {
            while (it.hasNext()) {
                records.addAll(DatasetEvents.records(codec.decode(it.next().value)));
            }
        }
        records.sort(Comparator.comparing(DatasetRecord::getRecordId));
        return records;
    }

    private void clear(String key) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = buffered.prefixScan(key + SEP, new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(buffered::delete);
        progress.delete(key);
        progress.delete(key + BATCHES);
        progress.delete(key + DLQ_COUNT);
        progress.delete(key + DLQ_KNOWN);
        progress.delete(key + DLQ_RECORDS);
        progress.put(key + DONE, 1L);
    }

    /** @param records records the event held when it decoded, or -1 when unknown */
    private void deadLetter(Record<byte[], byte[]> record, String reason, Throwable error, int records) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key != null && key.contains("@")) {
            increment(key + DLQ_COUNT, 1);
            if (records >= 0) {
                increment(key + DLQ_KNOWN, 1);
                increment(key + DLQ_RECORDS, records);
            }
        }
        RecordMetadata meta = context.recordMetadata().orElse(null);
        emitter.deadLetter(record, reason, error, meta);
    }

    private long count(String key) {
        Long n = progress.get(key);
        return n == null ? 0 : n;
    }

    private void increment(String key, long by) {
        progress.put(key, count(key) + by);
    }

    /** An event that decodes but breaks the dataset stream's rules. */
    static final class InvalidEventException extends RuntimeException {
        InvalidEventException(String message) {
            super(message);
        }
    }
}
