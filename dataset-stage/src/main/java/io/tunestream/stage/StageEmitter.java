package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetIndexEntry;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetRecordBatch;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.schemas.DatasetIndex;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.serde.SingleObjectCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes what a stage produced: record batches and seal to the output sink, the version's index entry to the index
 * sink (same transaction), the report to the reports sink, poison events to the dead-letter sink. Event ids are
 * derived from content, so a replay writes the same ids.
 */
final class StageEmitter implements AutoCloseable {

    static final String OUT = "out";
    static final String REPORTS = "reports";
    static final String DLQ = "dlq";
    static final String INDEX = "index";
    /** Kafka Streams setting (file key {@code kafka-streams.dataset.batch.records}): most records per batch event. */
    static final String BATCH_RECORDS_CONFIG = "dataset.batch.records";
    static final int DEFAULT_BATCH_RECORDS = 2000;
    /** A batch is also closed at this many characters of text, so a batch stays well under Kafka's 1 MB message limit. */
    static final long BATCH_CHARS = 256 * 1024;

    private final ProcessorContext<byte[], byte[]> context;
    private final String stage;
    private final int batchRecords;
    private final SingleObjectCodec<DatasetEvent> events = new SingleObjectCodec<>(DatasetEvent.class);
    private static final ThreadLocal<SingleObjectCodec<DatasetEvent>> BATCH_CODEC =
            ThreadLocal.withInitial(() -> new SingleObjectCodec<>(DatasetEvent.class));
    private final SingleObjectCodec<StageReport> reports = new SingleObjectCodec<>(StageReport.class);
    private final SingleObjectCodec<DatasetIndexEntry> entries = new SingleObjectCodec<>(DatasetIndexEntry.class);
    private final String output;
    private final OutputPositions positions;

    StageEmitter(ProcessorContext<byte[], byte[]> context, String stage, int batchRecords, StageTopics topics) {
        this.context = context;
        this.stage = stage;
        this.batchRecords = batchRecords;
        this.output = topics.output();
        Map<String, Object> settings = context.appConfigs();
        this.positions = new OutputPositions(output,
                () -> Admin.create(new StreamsConfig(settings).getAdminConfigs(stage + "-index-positions")));
    }

    /** The batch size a stage runs with, from its Kafka Streams settings; {@value #DEFAULT_BATCH_RECORDS} when unset. */
    static int batchRecords(Map<String, Object> appConfigs) {
        return Math.toIntExact(StageStreamsConfig.number(appConfigs, BATCH_RECORDS_CONFIG, DEFAULT_BATCH_RECORDS, 1));
    }

    void emit(DatasetEvent sealEvent, DatasetBatch batch, Map<String, Long> labelsIn, StageResult result,
            long timestamp) {
        byte[] key = (batch.datasetId() + "@" + batch.version()).getBytes(StandardCharsets.UTF_8);
        Instant at = sealEvent.getProducedAt();
        Map<String, Long> labelsOut = new TreeMap<>();
        Map<String, Long> splits = new TreeMap<>();
        count(result.records(), labelsOut, splits); // once, for seal and report
        if (!result.isRejected()) {
            Optional<OutputPositions.Position> start = positions.before(key); // before any of the version is sent
            List<List<DatasetRecord>> slices = slices(result.records());
            OrderedEncoding.inOrder(slices.size(), i -> encodeBatch(batch, at, i, slices.get(i)),
                    bytes -> forward(OUT, key, bytes, timestamp));
            long batches = slices.size();
            forward(OUT, key, events.encode(event(batch, "seal", at, seal(batch, result, batches, labelsOut, splits))),
                    timestamp);
            if (start.isPresent()) { // no position, no entry: readers scan
                byte[] indexKey = DatasetIndex.key(output, batch.datasetId(), batch.version())
                        .getBytes(StandardCharsets.UTF_8);
                forward(INDEX, indexKey, entries.encode(indexEntry(batch, start.get(), result, batches, at)), timestamp);
            }
        }
        forward(REPORTS, key, reports.encode(report(batch, labelsIn, labelsOut, result, at)), timestamp);
    }

    void deadLetter(Record<byte[], byte[]> record, String reason, Throwable error, DeadLetterHeaders.Source source) {
        DeadLetterHeaders.Refusal refusal = new DeadLetterHeaders.Refusal(reason, error == null ? null : error.getMessage(),
                error == null ? null : error.getClass().getName());
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(),
                DeadLetterHeaders.of(record.headers(), stage, refusal, source)), DLQ);
    }

    /** The records cut into batches of at most {@code batchRecords} records and about {@value #BATCH_CHARS} characters. */
    private List<List<DatasetRecord>> slices(List<DatasetRecord> records) {
        List<List<DatasetRecord>> slices = new ArrayList<>();
        int from = 0;
        long chars = 0;
        for (int i = 0; i < records.size(); i++) {
            chars += length(records.get(i));
            if (i + 1 - from >= batchRecords || chars >= BATCH_CHARS) {
                slices.add(records.subList(from, i + 1));
                from = i + 1;
                chars = 0;
            }
        }
        if (from < records.size()) {
            slices.add(records.subList(from, records.size()));
        }
        return slices;
    }

    /** Encodes one output batch; called on encoder threads (the codec is per thread). */
    private byte[] encodeBatch(DatasetBatch batch, Instant at, long number, List<DatasetRecord> records) {
        DatasetRecordBatch body = DatasetRecordBatch.newBuilder().setBatchNumber(number).setRecords(records).build();
        return BATCH_CODEC.get().encode(event(batch, "batch:" + number, at, body));
    }

    private static long length(DatasetRecord r) {
        return len(r.getText()) + len(r.getPrompt()) + len(r.getCompletion());
    }

    private static long len(String s) {
        return s == null ? 0 : s.length();
    }

    private void forward(String child, byte[] key, byte[] value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp), child);
    }

    private DatasetEvent event(DatasetBatch batch, String what, Instant at, Object body) {
        String id = UUID.nameUUIDFromBytes((stage + "|" + batch.datasetId() + "@" + batch.version() + "|" + what)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return DatasetEvent.newBuilder().setEventId(id).setDatasetId(batch.datasetId()).setVersion(batch.version())
                .setStage(stage).setProducedAt(at).setBody(body).build();
    }

    private DatasetSeal seal(DatasetBatch batch, StageResult result, long batches, Map<String, Long> labels,
            Map<String, Long> splits) {
        Map<String, String> config = new TreeMap<>(batch.config());
        config.putAll(result.sealConfig());
        return DatasetSeal.newBuilder().setRecordCount(result.records().size()).setBatchCount(batches)
                .setLabelCounts(labels).setSplitCounts(splits).setConfig(config).build();
    }

    private DatasetIndexEntry indexEntry(DatasetBatch batch, OutputPositions.Position start, StageResult result,
            long batches, Instant at) {
        return DatasetIndexEntry.newBuilder().setStage(stage).setTopic(output).setDatasetId(batch.datasetId())
                .setVersion(batch.version()).setPartition(start.partition()).setFirstOffset(start.offset())
                .setLastOffset(null).setRecordCount(result.records().size()).setBatchCount(batches).setProducedAt(at)
                .build();
    }

    @Override
    public void close() {
        positions.close();
    }

    private StageReport report(DatasetBatch batch, Map<String, Long> labelsIn, Map<String, Long> labelsOut,
            StageResult result, Instant at) {
        String id = UUID.nameUUIDFromBytes((stage + "|report|" + batch.datasetId() + "@" + batch.version())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return StageReport.newBuilder().setReportId(id).setDatasetId(batch.datasetId()).setVersion(batch.version())
                .setStage(stage).setRecordsIn(batch.records().size() + batch.leftOut()).setRecordsOut(result.records().size())
                .setGenerated(result.generated()).setDropped(new TreeMap<>(result.dropped()))
                .setDeadLettered(batch.deadLettered()).setLabelsIn(labelsIn)
                .setLabelsOut(labelsOut).setConfig(new TreeMap<>(result.applied()))
                .setStatus(result.isRejected() ? StageStatus.REJECTED : StageStatus.COMPLETED)
                .setMessage(result.isRejected() ? result.rejection() : result.note()).setProducedAt(at).build();
    }

    /** Records per label ({@code <none>} for none), ordered by label. */
    static Map<String, Long> labels(List<DatasetRecord> records) {
        Map<String, Long> labels = new TreeMap<>();
        count(records, labels, new TreeMap<>());
        return labels;
    }

    /**
     * Counts records per label ({@code <none>} for none) and per split (records without one not counted) in one pass
     * over the version, into the given maps.
     */
    static void count(List<DatasetRecord> records, Map<String, Long> labels, Map<String, Long> splits) {
        Map<String, long[]> byLabel = new HashMap<>();
        long[] bySplit = new long[io.tunestream.events.Split.values().length];
        for (DatasetRecord r : records) {
            byLabel.computeIfAbsent(r.getLabel() == null ? "<none>" : r.getLabel(), l -> new long[1])[0]++;
            if (r.getSplit() != null) {
                bySplit[r.getSplit().ordinal()]++;
            }
        }
        byLabel.forEach((label, n) -> labels.put(label, n[0]));
        for (io.tunestream.events.Split s : io.tunestream.events.Split.values()) {
            if (bySplit[s.ordinal()] > 0) {
                splits.put(s.name(), bySplit[s.ordinal()]);
            }
        }
    }
}
