package io.tunestream.registry.streams;

import io.tunestream.events.Evaluation;
import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.schemas.serde.EventDeserializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys evaluations by model name onto the commands topic (so that one task sees every change of a model in
 * order), keeping their original bytes; bytes that are not an Evaluation go to the dead-letter topic.
 */
class EvaluationRouter implements Processor<byte[], byte[], Object, byte[]> {

    /** The stage name in dead-letter headers. */
    static final String STAGE = "registry";

    static final String TO_COMMANDS = "evaluations-to-commands";
    static final String TO_DLQ = "evaluations-dlq";

    private final EventDeserializer<Evaluation> deserializer = new EventDeserializer<>(Evaluation.class);
    private final RegistryMetrics metrics;
    private final String dlqTopic;
    private ProcessorContext<Object, byte[]> context;

    EvaluationRouter(RegistryMetrics metrics, String dlqTopic) {
        this.metrics = metrics;
        this.dlqTopic = dlqTopic;
    }

    @Override
    public void init(ProcessorContext<Object, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("empty evaluation record (tombstone)");
            }
            Evaluation evaluation = deserializer.deserialize(null, record.value());
            var headers = CommandHeaders.withType(new RecordHeaders(), CommandHeaders.REGISTER);
            context.forward(new Record<Object, byte[]>(evaluation.getModelName(), record.value(), record.timestamp(),
                    headers), TO_COMMANDS);
        } catch (RuntimeException e) {
            var headers = DeadLetterHeaders.of(record.headers(), STAGE, DeadLetterHeaders.Refusal.of(String.valueOf(e.getMessage()), e),
                    RegistryProcessor.source(context.recordMetadata()));
            context.forward(new Record<Object, byte[]>(record.key(), record.value(), record.timestamp(), headers), TO_DLQ);
            metrics.deadLettered(dlqTopic);
        }
    }
}
