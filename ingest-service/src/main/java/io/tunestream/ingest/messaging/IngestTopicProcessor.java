package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.ingest.domain.RecordValidator;
import io.tunestream.ingest.domain.RejectedInputException;
import io.tunestream.ingest.domain.RejectionReason;
import io.tunestream.ingest.domain.ValidRecord;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.DeadLetterHeaders.Refusal;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.DatasetSettingBounds;
import io.tunestream.schemas.serde.EventDeserializer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ingest-topic path, one record at a time: decodes the event (undecodable bytes go to the DLQ as they
 * came), checks it is keyed by its dataset version, validates a record with the same rules as uploads
 * (valid: forwarded to raw; invalid: DLQ with the reason), counts everything in a changelogged store, and
 * answers the producer's seal with a seal carrying the resulting counts, a catalog entry and a report.
 */
final class IngestTopicProcessor implements Processor<byte[], byte[], Object, Object> {

    static final String RAW_SINK = "raw-sink";
    static final String DLQ_SINK = "dlq-sink";
    static final String CATALOG_SINK = "catalog-sink";
    static final String REPORT_SINK = "report-sink";

    private final EventDeserializer<DatasetEvent> decoder = new EventDeserializer<>(DatasetEvent.class);
    private final RecordValidator validator;
    private final int rawPartitions;
    private final IngestTopicListener listener;
    private ProcessorContext<Object, Object> context;
    private DatasetTally tally;

    IngestTopicProcessor(RecordValidator validator, int rawPartitions, IngestTopicListener listener) {
        this.validator = validator;
        this.rawPartitions = rawPartitions;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.tally = new DatasetTally(context.getStateStore(DatasetTally.SEALS), context.getStateStore(DatasetTally.REPORTS));
    }

    @Override
    public void process(Record<byte[], byte[]> in) {
        DatasetEvent event;
        try {
            event = in.value() == null ? null : decoder.deserialize(source().topic(), in.headers(), in.value());
        } catch (SerializationException e) {
            deadLetter(in, keyOf(in.key()), new Refusal(RejectionReason.UNDECODABLE_EVENT.name(), e.getMessage(),
                    e.getClass().getName()));
            return;
        }
        String key = expectedKey(event);
        if (key == null || !key.equals(keyOf(in.key()))) {
            deadLetter(in, keyOf(in.key()), new Refusal(RejectionReason.BAD_DATASET_KEY.name(),
                    "events must carry a valid datasetId and version and be keyed by datasetId@version", null));
        } else if (event.getBody() instanceof DatasetSeal producerSeal) {
            List<DatasetSettingBounds.Violation> over = DatasetSettingBounds.violations(producerSeal.getConfig());
            DatasetTally.TaskDecision task;
            try {
                task = tally.task(key, producerSeal.getConfig());
            } catch (IllegalArgumentException e) {
                // Like an over-bound setting: the version stays unsealed, a corrected seal can still close it.
                forwardDeadLetter(in, new Refusal(RejectionReason.UNKNOWN_TASK.name(), e.getMessage(), null));
                return;
            }
            if (over.isEmpty()) {
                onSeal(key, event, producerSeal, task);
            } else {
                // The version stays unsealed (its records stay counted): a corrected seal can still close it.
                forwardDeadLetter(in, new Refusal(RejectionReason.SETTING_OUT_OF_BOUNDS.name(),
                        over.stream().map(DatasetSettingBounds.Violation::message).collect(Collectors.joining("; ")), null));
            }
        } else {
            onRecord(key, event, (DatasetRecord) event.getBody(), in);
        }
    }

    private void onRecord(String key, DatasetEvent event, DatasetRecord record, Record<byte[], byte[]> in) {
        tally.received(key, event, record.getLabel());
        ValidRecord candidate = new ValidRecord(record.getSourceRecordId(), record.getText(), record.getLabel(),
                record.getScore(), record.getGroup(), record.getAttributes(), record.getPrompt(), record.getCompletion());
        try {
            validator.validate(candidate, 0);
        } catch (RejectedInputException e) {
            tally.deadLettered(key, event);
            forwardDeadLetter(in, new Refusal(e.reason().name(), e.getMessage(), null));
            return;
        }
        List<String> operations = new ArrayList<>(record.getOperations());
        operations.add(DatasetEventFactory.OPERATION);
        record.setOperations(operations);
        event.setStage(DatasetEventFactory.STAGE);
        event.setProducedAt(Instant.now());
        tally.forwarded(key, DatasetPartitions.of(key, rawPartitions), record.getLabel(), RecordValidator.taskOf(candidate));
        context.forward(new Record<>(key, event, in.timestamp()), RAW_SINK);
        listener.forwarded();
    }

    private void onSeal(String key, DatasetEvent event, DatasetSeal producerSeal, DatasetTally.TaskDecision task) {
        DatasetSeal seal = tally.seal(key, task.config());
        var report = tally.report(key, producerSeal, task);
        event.setStage(DatasetEventFactory.STAGE);
        event.setProducedAt(Instant.now());
        event.setBody(seal);
        long now = context.currentSystemTimeMs();
        context.forward(new Record<>(key, event, now), RAW_SINK);
        context.forward(new Record<>(key, event, now), CATALOG_SINK);
        context.forward(new Record<>(key, report, now), REPORT_SINK);
        tally.clear(key);
    }

    private void deadLetter(Record<byte[], byte[]> in, String key, Refusal refusal) {
        if (key != null) {
            tally.deadLettered(key, null);
        }
        forwardDeadLetter(in, refusal);
    }

    private void forwardDeadLetter(Record<byte[], byte[]> in, Refusal refusal) {
        RecordMetadata source = source();
        var headers = DeadLetterHeaders.of(in.headers(), DatasetEventFactory.STAGE, refusal,
                new DeadLetterHeaders.Source(source.topic(), source.partition(), source.offset()));
        context.forward(new Record<Object, Object>(in.key(), in.value(), in.timestamp(), headers), DLQ_SINK);
        listener.deadLettered(refusal.reason());
    }

    private RecordMetadata source() {
        return context.recordMetadata().orElseThrow();
    }

    private static String expectedKey(DatasetEvent event) {
        if (event == null || !DatasetKeys.isValidToken(event.getDatasetId()) || !DatasetKeys.isValidToken(event.getVersion())) {
            return null;
        }
        return DatasetKeys.of(event.getDatasetId(), event.getVersion());
    }

    /** The key as a dataset key, or null when it is not one. */
    private static String keyOf(byte[] key) {
        if (key == null) {
            return null;
        }
        String s = new String(key, StandardCharsets.UTF_8);
        int at = s.lastIndexOf('@');
        boolean valid = at > 0 && DatasetKeys.isValidToken(s.substring(0, at)) && DatasetKeys.isValidToken(s.substring(at + 1));
        return valid ? s : null;
    }
}
