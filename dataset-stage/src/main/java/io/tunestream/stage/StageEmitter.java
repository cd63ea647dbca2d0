package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.StageReport;
import io.tunestream.events.StageStatus;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.serde.SingleObjectCodec;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes what a stage produced: records and seal to the output sink, the report to the reports sink, poison
 * records to the dead-letter sink. Event ids are derived from content, so a replay writes the same ids.
 */
final class StageEmitter {

    static final String OUT = "out";
    static final String REPORTS = "reports";
    static final String DLQ = "dlq";

    private final ProcessorContext<byte[], byte[]> context;
    private final String stage;
    private final SingleObjectCodec<DatasetEvent> events = new SingleObjectCodec<>(DatasetEvent.class);
    private final SingleObjectCodec<StageReport> reports = new SingleObjectCodec<>(StageReport.class);

    StageEmitter(ProcessorContext<byte[], byte[]> context, String stage) {
        this.context = context;
        this.stage = stage;
    }

    void emit(DatasetEvent sealEvent, DatasetBatch batch, StageResult result, long timestamp) {
        byte[] key = (batch.datasetId() + "@" + batch.version()).getBytes(StandardCharsets.UTF_8);
        Instant at = sealEvent.getProducedAt();
        if (!result.isRejected()) {
            for (DatasetRecord r : result.records()) {
                forward(OUT, key, events.encode(event(batch, "record:" + r.getRecordId(), at, r)), timestamp);
            }
            forward(OUT, key, events.encode(event(batch, "seal", at, seal(batch, result))), timestamp);
        }
        forward(REPORTS, key, reports.encode(report(batch, result, at)), timestamp);
    }

    void deadLetter(Record<byte[], byte[]> record, String reason, Throwable error, RecordMetadata meta) {
        DeadLetterHeaders.Source source = meta == null ? null
                : new DeadLetterHeaders.Source(meta.topic(), meta.partition(), meta.offset());
        DeadLetterHeaders.Refusal refusal = new DeadLetterHeaders.Refusal(reason, error == null ? null : error.getMessage(),
                error == null ? null : error.getClass().getName());
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(),
                DeadLetterHeaders.of(record.headers(), stage, refusal, source)), DLQ);
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

    private DatasetSeal seal(DatasetBatch batch, StageResult result) {
        Map<String, String> config = new TreeMap<>(batch.config());
        config.putAll(result.sealConfig());
        Map<String, Long> splits = new TreeMap<>();
        result.records().forEach(r -> {
            if (r.getSplit() != null) {
                splits.merge(r.getSplit().name(), 1L, Long::sum);
            }
        });
        return DatasetSeal.newBuilder().setRecordCount(result.records().size())
                .setLabelCounts(labels(result.records())).setSplitCounts(splits).setConfig(config).build();
    }

    private StageReport report(DatasetBatch batch, StageResult result, Instant at) {
        String id = UUID.nameUUIDFromBytes((stage + "|report|" + batch.datasetId() + "@" + batch.version())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return StageReport.newBuilder().setReportId(id).setDatasetId(batch.datasetId()).setVersion(batch.version())
                .setStage(stage).setRecordsIn(batch.records().size()).setRecordsOut(result.records().size())
                .setGenerated(result.generated()).setDropped(new TreeMap<>(result.dropped()))
                .setDeadLettered(batch.deadLettered()).setLabelsIn(labels(batch.records()))
                .setLabelsOut(labels(result.records())).setConfig(new TreeMap<>(result.applied()))
                .setStatus(result.isRejected() ? StageStatus.REJECTED : StageStatus.COMPLETED)
                .setMessage(result.isRejected() ? result.rejection() : result.note()).setProducedAt(at).build();
    }

    private static Map<String, Long> labels(List<DatasetRecord> records) {
        Map<String, Long> counts = new HashMap<>();
        for (DatasetRecord r : records) {
            counts.merge(r.getLabel() == null ? "<none>" : r.getLabel(), 1L, Long::sum);
        }
        return new TreeMap<>(counts);
    }
}
