package io.tunestream.registry.streams;

import io.tunestream.schemas.DeadLetterHeaders;
import io.tunestream.events.Evaluation;
import io.tunestream.registry.artifact.RetryingArtifactStore;
import io.tunestream.registry.domain.ArtifactStorer;
import io.tunestream.registry.domain.CommandOutcome;
import io.tunestream.registry.domain.Decision;
import io.tunestream.registry.domain.ModelNames;
import io.tunestream.registry.domain.ModelRegistry;
import io.tunestream.registry.domain.RegistryCommand;
import io.tunestream.registry.domain.RegistryRejection;
import io.tunestream.schemas.serde.EventDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;

/**
 * Applies the registry's input log (registrations and API commands, keyed by model name) to its stores and
 * emits the changed versions to the models topic and the deployment events to the deployments topic. Under
 * exactly_once_v2 the store changes, both outputs and the input offset commit in one transaction.
 */
class RegistryProcessor implements Processor<String, byte[], Object, Object> {

    static final String TO_MODELS = "models-sink";
    static final String TO_DEPLOYMENTS = "deployments-sink";
    static final String TO_EVALUATIONS_DLQ = "registrations-dlq";
    static final String TO_COMMANDS_DLQ = "commands-dlq";
    /** How long an outcome stays for the API to read. */
    static final Duration OUTCOME_RETENTION = Duration.ofHours(1);

    private final ModelRegistry registry;
    private final ArtifactStorer artifacts;
    private final RegistryMetrics metrics;
    private final RegistryTopics topics;
    private final EventDeserializer<Evaluation> evaluations = new EventDeserializer<>(Evaluation.class);
    private final Deserializer<RegistryCommand> commands = RegistryStores.commandSerde().deserializer();
    private ProcessorContext<Object, Object> context;
    private StoreRegistryState state;
    private KeyValueStore<String, CommandOutcome> outcomes;

    RegistryProcessor(ModelRegistry registry, ArtifactStorer artifacts, RegistryMetrics metrics, RegistryTopics topics) {
        this.registry = registry;
        this.artifacts = artifacts;
        this.metrics = metrics;
        this.topics = topics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.state = new StoreRegistryState(context.getStateStore(RegistryStores.VERSIONS),
                context.getStateStore(RegistryStores.HEADS), context.getStateStore(RegistryStores.EVALUATIONS));
        this.outcomes = context.getStateStore(RegistryStores.OUTCOMES);
        context.schedule(Duration.ofMinutes(5), PunctuationType.WALL_CLOCK_TIME, this::purgeOutcomes);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String type = CommandHeaders.type(record.headers());
        if (CommandHeaders.REGISTER.equals(type)) {
            register(record);
        } else if (CommandHeaders.COMMAND.equals(type)) {
            command(record);
        } else {
            deadLetter(record, TO_COMMANDS_DLQ, topics.commandsDlq(), "unknown record type '" + type + "'", null);
        }
    }

    private void register(Record<String, byte[]> record) {
        try {
            Evaluation evaluation = evaluations.deserialize(null, record.value());
            Decision decision = registry.register(state, evaluation, artifacts, Instant.ofEpochMilli(record.timestamp()));
            if (!decision.changesState()) {
                metrics.skipped(decision.note());
                return;
            }
            apply(decision, record.timestamp());
            metrics.registered(evaluation.getModelName());
        } catch (RuntimeException e) {
            // Poison bytes, a bad model name, or an artifact that is missing or fails its checksum.
            deadLetter(record, TO_EVALUATIONS_DLQ, topics.evaluationsDlq(), String.valueOf(e.getMessage()), e);
        }
    }

    private void command(Record<String, byte[]> record) {
        RegistryCommand command;
        try {
            command = commands.deserialize(null, record.value());
        } catch (RuntimeException e) {
            deadLetter(record, TO_COMMANDS_DLQ, topics.commandsDlq(), "unreadable command: " + e.getMessage(), e);
            return;
        }
        if (command == null || command.commandId() == null || outcomes.get(command.commandId()) != null) {
            return; // a command is applied once, even if its record is sent twice
        }
        CommandOutcome outcome;
        try {
            Decision decision = registry.apply(state, command, Instant.ofEpochMilli(record.timestamp()));
            apply(decision, record.timestamp());
            var event = decision.firstEvent().orElseThrow();
            outcome = new CommandOutcome(command.commandId(), true, null, decision.note(), event.getVersion(),
                    event.getPreviousVersion(), record.timestamp());
        } catch (RegistryRejection e) {
            metrics.rejected(e.kind().name());
            outcome = new CommandOutcome(command.commandId(), false, e.kind(), e.getMessage(), command.version(),
                    null, record.timestamp());
        }
        outcomes.put(command.commandId(), outcome);
    }

    private void apply(Decision decision, long timestamp) {
        state.write(decision);
        decision.versions().forEach(v -> context.forward(
                new Record<Object, Object>(ModelNames.versionKey(v.getName(), v.getVersion()), v, timestamp), TO_MODELS));
        decision.events().forEach(e -> {
            context.forward(new Record<Object, Object>(e.getModelName(), e, timestamp), TO_DEPLOYMENTS);
            metrics.deployed(e.getAction().name());
        });
    }

    private void deadLetter(Record<String, byte[]> record, String sink, String topic, String reason, Throwable error) {
        var headers = DeadLetterHeaders.of(record.headers(), EvaluationRouter.STAGE, DeadLetterHeaders.Refusal.of(reason, error),
                source(context.recordMetadata()));
        attempts(error).ifPresent(n -> DeadLetterHeaders.withAttempts(headers, n));
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers), sink);
        metrics.deadLettered(topic);
    }

    /** How many times a failed artifact copy was tried, when it was retried. */
    static Optional<Integer> attempts(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RetryingArtifactStore.ArtifactStoreRetriesExhausted exhausted) {
                return Optional.of(exhausted.attempts());
            }
        }
        return Optional.empty();
    }

    /** Where a record was read, for its dead-letter headers. */
    static DeadLetterHeaders.Source source(Optional<RecordMetadata> meta) {
        return meta.map(m -> new DeadLetterHeaders.Source(m.topic(), m.partition(), m.offset())).orElse(null);
    }

    private void purgeOutcomes(long now) {
        long cutoff = now - OUTCOME_RETENTION.toMillis();
        try (var all = outcomes.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value == null || entry.value.at() < cutoff) {
                    outcomes.delete(entry.key);
                }
            });
        }
    }
}
