package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.serde.SingleObjectCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Holds each open dataset version's record batches in memory until its seal arrives, checks the version is
 * complete, applies the {@link DatasetStage}, then writes record batches, seal, index entry and report in the same
 * exactly-once transaction as the input offsets. Undecodable or invalid events (a batch with one bad record is a
 * poison batch) go to the dead-letter sink with their original bytes; whether the version then goes on without them
 * is the dataset's {@link PoisonPolicy}, judged at the seal by {@link SealVerdict}.
 *
 * <p>Commit at the seal, no per-record store: the only state in the changelogged {@value #PROGRESS_STORE} store is,
 * per open version, the input offset of its first message, and per sealed version a done mark. When the seal
 * finds the processor does not hold the whole version (it restarted or took the partition over since the version
 * began, or let the records go at the memory bound {@value #BUFFER_BYTES_CONFIG}), it re-reads the version from
 * the retained input topic, from that first offset to the seal ({@link InputRereader}), classifying every message as
 * the live path did. So the input topic's retention must outlast the longest open version.
 */
final class SealedDatasetProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String PROGRESS_STORE = "dataset-progress";
    /** Kafka Streams setting (file key {@code kafka-streams.dataset.buffer.max.bytes}): encoded bytes held in memory. */
    static final String BUFFER_BYTES_CONFIG = "dataset.buffer.max.bytes";
    static final long DEFAULT_BUFFER_BYTES = 1L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(SealedDatasetProcessor.class);
    private static final String DONE = "\u0000sealed";

    private final DatasetStage stage;
    private final StageTopics topics;
    private final SingleObjectCodec<DatasetEvent> codec = new SingleObjectCodec<>(DatasetEvent.class);
    private final Map<String, OpenVersion> open = new HashMap<>();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, Long> progress;
    private StageEmitter emitter;
    private InputRereader rereader;
    private long bufferLimit;
    private long buffered;

    /** A version being received: where it began on the input, and what of it arrived here. */
    private static final class OpenVersion {
        final long firstOffset;
        final long openedNanos = System.nanoTime();
        final VersionArrivals arrivals = new VersionArrivals();

        OpenVersion(long firstOffset, boolean seenFromStart) {
            this.firstOffset = firstOffset;
            if (!seenFromStart) {
                arrivals.releaseRecords();
            }
        }
    }

    SealedDatasetProcessor(DatasetStage stage, StageTopics topics) {
        this.stage = stage;
        this.topics = topics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.progress = context.getStateStore(PROGRESS_STORE);
        Map<String, Object> configs = context.appConfigs();
        this.emitter = new StageEmitter(context, stage.name(), StageEmitter.batchRecords(configs), topics);
        this.rereader = InputRereader.of(configs, stage.name() + "-reread-" + context.taskId());
        this.bufferLimit = bufferBytes(configs);
        open.clear(); // a task revived after an abort re-reads from its committed offsets
        buffered = 0;
    }

    /** The memory bound a stage runs with; {@value #DEFAULT_BUFFER_BYTES} bytes when unset. */
    static long bufferBytes(Map<String, Object> appConfigs) {
        Object value = appConfigs.get(BUFFER_BYTES_CONFIG);
        long n = value == null ? DEFAULT_BUFFER_BYTES : Long.parseLong(value.toString().trim());
        if (n < 0) {
            throw new IllegalArgumentException(BUFFER_BYTES_CONFIG + " must not be negative, got " + n);
        }
        return n;
    }

    @Override
    public void close() {
        open.clear();
        emitter.close();
        rereader.close();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        InputEvent in = InputEvent.classify(key, record.value(), codec);
        if (in instanceof InputEvent.Poison poison) {
            if (key != null && key.contains("@") && !sealed(key)) {
                version(key, offset).arrivals.deadLettered(poison.records());
            }
            emitter.deadLetter(record, poison.reason(), poison.error(), context.recordMetadata().orElse(null));
            return;
        }
        DatasetEvent event = ((InputEvent.Valid) in).event();
        if (sealed(key)) {
            emitter.deadLetter(record, "dataset version " + key + " was already sealed at this stage", null,
                    context.recordMetadata().orElse(null));
        } else if (event.getBody() instanceof DatasetSeal seal) {
            onSeal(key, event, seal, record.timestamp(), offset);
        } else {
            OpenVersion version = version(key, offset);
            VersionArrivals arrivals = version.arrivals;
            long before = arrivals.bytes();
            arrivals.add(event, record.value().length);
            buffered += arrivals.bytes() - before;
            if (buffered > bufferLimit && arrivals.holdsRecords()) {
                LOG.info("{}: {} bytes held in memory passed {}={}: letting the records of {} go, its seal re-reads "
                        + "them from offset {}", stage.name(), buffered, BUFFER_BYTES_CONFIG, bufferLimit, key,
                        version.firstOffset);
                buffered -= arrivals.releaseRecords();
            }
        }
    }

    private boolean sealed(String key) {
        return key != null && progress.get(key + DONE) != null;
    }

    /** The open version, begun now (its first offset recorded in the same transaction) or earlier. */
    private OpenVersion version(String key, long offset) {
        OpenVersion version = open.get(key);
        if (version == null) {
            Long first = progress.get(key);
            if (first == null) {
                progress.put(key, offset);
                first = offset;
            }
            version = new OpenVersion(first, first == offset);
            open.put(key, version);
        }
        return version;
    }

    private void onSeal(String key, DatasetEvent sealEvent, DatasetSeal seal, long timestamp, long sealOffset) {
        OpenVersion version = version(key, sealOffset);
        open.remove(key);
        VersionArrivals arrivals = version.arrivals;
        buffered -= arrivals.bytes();
        long sealedNanos = System.nanoTime();
        if (!arrivals.holdsRecords()) {
            arrivals = reread(key, version.firstOffset, sealOffset);
        }
        StageResult result;
        long deadLettered = arrivals.deadLettered();
        long leftOut = 0;
        try {
            PoisonPolicy policy = PoisonPolicy.of(seal.getConfig());
            boolean countsBatches = seal.getBatchCount() > 0 && seal.getPartitionCounts().size() <= 1;
            SealVerdict verdict = SealVerdict.judge(arrivals.toVerdictInput(expectedCount(seal),
                    countsBatches ? seal.getBatchCount() : 0), policy);
            leftOut = verdict.leftOut();
            if (policy == PoisonPolicy.DEAD_LETTER) {
                deadLettered = leftOut; // counted in units of the version's records, so in = out + dropped + DLQ
            }
            result = verdict.rejection() == null ? null : StageResult.rejected(verdict.rejection(), seal.getConfig());
        } catch (IllegalArgumentException badPolicy) {
            result = StageResult.rejected(badPolicy.getMessage(), seal.getConfig());
        }
        DatasetBatch batch = new DatasetBatch(sealEvent.getDatasetId(), sealEvent.getVersion(),
                arrivals.sortedRecords(), seal, deadLettered, leftOut);
        long appliedNanos = System.nanoTime();
        if (result == null) {
            result = applySafely(batch);
            appliedNanos = System.nanoTime();
            if (leftOut > 0 && !result.isRejected()) {
                String note = "poison-policy dead-letter: " + leftOut + " records or undecodable events of this "
                        + "version are in the dead-letter topic and were left out";
                result = result.withNote(result.note() == null ? note : result.note() + "; " + note);
            }
        }
        long emitStart = System.nanoTime();
        emitter.emit(sealEvent, batch, result, timestamp);
        progress.delete(key);
        progress.put(key + DONE, 1L);
        context.commit(); // the version's output becomes visible now, not at the next commit interval
        LOG.info("{}: {} {}: {} records in, {} out; received in {} ms, {} {} ms, written in {} ms (committed at the "
                        + "next step)", stage.name(), key, result.isRejected() ? "rejected" : "applied",
                batch.records().size(), result.records().size(), (sealedNanos - version.openedNanos) / 1_000_000,
                arrivals == version.arrivals ? "applied in" : "re-read and applied in",
                (appliedNanos - sealedNanos) / 1_000_000, (System.nanoTime() - emitStart) / 1_000_000);
    }

    /** The version as the input holds it from its first offset to its seal, classified as the live path did. */
    private VersionArrivals reread(String key, long from, long sealOffset) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(topics.input());
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(0);
        LOG.info("{}: the records of {} are not all in memory; re-reading {}-{} offsets {} to {}", stage.name(), key,
                topic, partition, from, sealOffset);
        VersionArrivals arrivals = new VersionArrivals();
        long read = rereader.read(topic, partition, key, from, sealOffset, (offset, value) -> {
            InputEvent in = InputEvent.classify(key, value, codec);
            if (in instanceof InputEvent.Poison poison) {
                arrivals.deadLettered(poison.records());
            } else if (!(((InputEvent.Valid) in).event().getBody() instanceof DatasetSeal)) {
                arrivals.add(((InputEvent.Valid) in).event(), value.length);
            }
        });
        LOG.info("{}: re-read {} messages of {}", stage.name(), read, key);
        return arrivals;
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
}
