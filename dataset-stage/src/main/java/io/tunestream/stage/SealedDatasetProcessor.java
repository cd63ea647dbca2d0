package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetSeal;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.serde.SingleObjectCodec;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;

/**
 * Holds each open dataset version's messages as they came until its seal arrives, then decodes and checks them (on
 * all cores), checks the version is complete, applies the {@link DatasetStage}, and writes record batches, seal,
 * index entry, report and the version's poison in the same exactly-once transaction as the input offsets.
 * Undecodable or invalid events (a batch with one bad record is a poison batch) go to the dead-letter sink with their
 * original bytes; whether the version then goes on without them is the dataset's {@link PoisonPolicy}, judged at the
 * seal by {@link SealVerdict}. Messages that belong to no version (no {@code dataset@version} key) or to a version
 * already sealed are dead-lettered as they come.
 *
 * <p>Commit at the seal, no per-record store: the only state in the changelogged {@value #PROGRESS_STORE} store is,
 * per open version, the input offset of its first message, and per sealed version a done mark. When the seal
 * finds the processor does not hold the whole version (it restarted or took the partition over since the version
 * began, or let the messages go at the memory bound {@value #BUFFER_BYTES_CONFIG}), it re-reads the version from
 * the retained input topic, from that first offset to the seal ({@link InputRereader}). Either way the seal sees the
 * same messages and does the same. So the input topic's retention must outlast the longest open version.
 */
final class SealedDatasetProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String PROGRESS_STORE = "dataset-progress";
    /** Kafka Streams setting (file key {@code kafka-streams.dataset.buffer.max.bytes}): input bytes held in memory. */
    static final String BUFFER_BYTES_CONFIG = "dataset.buffer.max.bytes";
    static final long DEFAULT_BUFFER_BYTES = 1L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(SealedDatasetProcessor.class);
    private static final String DONE = "\u0000sealed";
    private static final Duration COLLECTION_TICK = Duration.ofMillis(250);

    private final DatasetStage stage;
    private final StageTopics topics;
    private final SingleObjectCodec<DatasetEvent> codec = new SingleObjectCodec<>(DatasetEvent.class);
    /** Decoders of the threads that decode a version's messages at its seal. */
    private static final ThreadLocal<SingleObjectCodec<DatasetEvent>> CODECS =
            ThreadLocal.withInitial(() -> new SingleObjectCodec<>(DatasetEvent.class));
    private final Map<String, OpenVersion> open = new HashMap<>();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, Long> progress;
    private StageEmitter emitter;
    private InputRereader rereader;
    private CollectionAfterVersion collection;
    private long bufferLimit;
    private long buffered;

    /** A version being received: where it began on the input, and its messages since, while they are held. */
    private static final class OpenVersion {
        final long firstOffset;
        final long openedNanos = System.nanoTime();
        List<HeldMessage> messages = new ArrayList<>();
        long bytes;

        OpenVersion(long firstOffset, boolean seenFromStart) {
            this.firstOffset = firstOffset;
            if (!seenFromStart) {
                messages = null;
            }
        }

        /** @return the bytes let go */
        long release() {
            long released = bytes;
            messages = null;
            bytes = 0;
            return released;
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
        this.collection = CollectionAfterVersion.of(configs);
        context.schedule(COLLECTION_TICK, PunctuationType.WALL_CLOCK_TIME, now -> collectIfDue());
        open.clear(); // a task revived after an abort re-reads from its committed offsets
        buffered = 0;
    }

    /** After a large version has committed: a full collection while next to nothing is live (CollectionAfterVersion). */
    private void collectIfDue() {
        if (collection.tick()) {
            long start = System.nanoTime();
            System.gc();
            LOG.info("{}: heap collected after a version of at least {} records in {} ms ({})", stage.name(),
                    collection.records(), (System.nanoTime() - start) / 1_000_000, CollectionAfterVersion.RECORDS_CONFIG);
        }
    }

    /** The memory bound a stage runs with; {@value #DEFAULT_BUFFER_BYTES} bytes when unset. */
    static long bufferBytes(Map<String, Object> appConfigs) {
        return StageStreamsConfig.number(appConfigs, BUFFER_BYTES_CONFIG, DEFAULT_BUFFER_BYTES, 0);
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
        RecordMetadata meta = context.recordMetadata().orElse(null);
        long offset = meta == null ? -1 : meta.offset();
        if (key == null || !key.contains("@")) {
            InputEvent in = InputEvent.classify(key, record.value(), codec);
            String reason = in instanceof InputEvent.Poison poison ? poison.reason()
                    : "record key " + key + " names no dataset version";
            emitter.deadLetter(record, reason, in instanceof InputEvent.Poison poison ? poison.error() : null, source(offset));
        } else if (progress.get(key + DONE) != null) {
            emitter.deadLetter(record, "dataset version " + key + " was already sealed at this stage", null,
                    source(offset));
        } else {
            DatasetEvent sealEvent = sealOf(key, record.value());
            if (sealEvent != null) {
                onSeal(key, sealEvent, record.timestamp(), offset);
            } else {
                hold(key, record, offset);
            }
        }
    }

    /** Keeps a message of an open version for its seal, unless the version's messages were let go. */
    private void hold(String key, Record<byte[], byte[]> record, long offset) {
        OpenVersion version = version(key, offset);
        if (version.messages == null) {
            return;
        }
        HeldMessage held = new HeldMessage(offset, record.key(), record.value(), record.headers(), record.timestamp());
        version.messages.add(held);
        version.bytes += held.size();
        buffered += held.size();
        if (buffered > bufferLimit) {
            LOG.info("{}: {} bytes held in memory passed {}={}: letting the messages of {} go, its seal re-reads "
                    + "them from offset {}", stage.name(), buffered, BUFFER_BYTES_CONFIG, bufferLimit, key,
                    version.firstOffset);
            buffered -= version.release();
        }
    }

    /** The message as a valid seal of the version its key names, or null (decoding only what it must). */
    private DatasetEvent sealOf(String key, byte[] value) {
        if (DatasetEventPeek.peek(value) == DatasetEventPeek.Answer.NOT_SEAL) {
            return null;
        }
        return InputEvent.classify(key, value, codec) instanceof InputEvent.Valid valid
                && valid.event().getBody() instanceof DatasetSeal ? valid.event() : null;
    }

    private DeadLetterHeaders.Source source(long offset) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return meta == null ? null : new DeadLetterHeaders.Source(meta.topic(), meta.partition(), offset);
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

    private void onSeal(String key, DatasetEvent sealEvent, long timestamp, long sealOffset) {
        DatasetSeal seal = (DatasetSeal) sealEvent.getBody();
        OpenVersion version = version(key, sealOffset);
        open.remove(key);
        buffered -= version.bytes;
        long sealedNanos = System.nanoTime();
        boolean reread = version.messages == null;
        // no local holds the messages: once decoded, their bytes (a third of the version's memory) can go before
        // the stage runs, which needs the room
        VersionArrivals arrivals = arrivals(reread ? reread(key, version.firstOffset, sealOffset) : version.messages);
        version.release();
        long decodedNanos = System.nanoTime();
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
        Map<String, Long> labelsIn = StageEmitter.labels(batch.records()); // before the stage may change them
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
        emitter.emit(sealEvent, batch, labelsIn, result, timestamp);
        progress.delete(key);
        progress.put(key + DONE, 1L);
        context.commit(); // the version's output becomes visible now, not at the next commit interval
        collection.sealed(batch.records().size() + result.records().size());
        LOG.info("{}: {} {}: {} records in, {} out; received in {} ms, {} in {} ms, applied in {} ms, written in {} ms"
                        + " (committed at the next step)", stage.name(), key, result.isRejected() ? "rejected" : "applied",
                batch.records().size(), result.records().size(), (sealedNanos - version.openedNanos) / 1_000_000,
                reread ? "re-read and decoded" : "decoded", (decodedNanos - sealedNanos) / 1_000_000,
                (appliedNanos - decodedNanos) / 1_000_000, (System.nanoTime() - emitStart) / 1_000_000);
    }

    /**
     * Decodes and checks the version's messages on all cores, then, in log order, counts the valid ones and
     * dead-letters the poison (in the seal's transaction, so exactly once).
     */
    private VersionArrivals arrivals(List<HeldMessage> messages) {
        String key = messages.isEmpty() ? null : new String(messages.get(0).key(), StandardCharsets.UTF_8);
        InputEvent[] events = IntStream.range(0, messages.size()).parallel()
                .mapToObj(i -> InputEvent.classify(key, messages.get(i).value(), CODECS.get()))
                .toArray(InputEvent[]::new);
        VersionArrivals arrivals = new VersionArrivals();
        for (int i = 0; i < events.length; i++) {
            if (events[i] instanceof InputEvent.Poison poison) {
                HeldMessage m = messages.get(i);
                arrivals.deadLettered(poison.records());
                emitter.deadLetter(new Record<>(m.key(), m.value(), m.timestamp(), m.headers()), poison.reason(),
                        poison.error(), source(m.offset()));
            } else if (!(((InputEvent.Valid) events[i]).event().getBody() instanceof DatasetSeal)) {
                arrivals.add(((InputEvent.Valid) events[i]).event());
            }
        }
        return arrivals;
    }

    /** The version's messages as the input holds them from its first offset to its seal. */
    private List<HeldMessage> reread(String key, long from, long sealOffset) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(topics.input());
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(0);
        LOG.info("{}: the messages of {} are not all in memory; re-reading {}-{} offsets {} to {}", stage.name(), key,
                topic, partition, from, sealOffset);
        List<HeldMessage> messages = rereader.read(topic, partition, key, from, sealOffset);
        LOG.info("{}: re-read {} messages of {}", stage.name(), messages.size(), key);
        return messages;
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
