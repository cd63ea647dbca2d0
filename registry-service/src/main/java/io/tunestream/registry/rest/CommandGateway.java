package io.tunestream.registry.rest;

import io.tunestream.events.ModelStatus;
import io.tunestream.events.ModelVersion;
import io.tunestream.registry.config.RegistryConfig;
import io.tunestream.registry.domain.CommandOutcome;
import io.tunestream.registry.domain.RegistryCommand;
import io.tunestream.registry.streams.CommandHeaders;
import io.tunestream.registry.streams.RegistryStores;
import io.tunestream.registry.streams.RegistryTopics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import io.tunestream.registry.streams.TopologyProducer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Sends API commands to the registry's input log (key: model name, so they are applied in order with that
 * model's registrations) and waits for their outcome: first the processor's decision, then the change visible
 * in the models view, which reads committed data only, so a success is never reported for an aborted write.
 */
@ApplicationScoped
public class CommandGateway {

    private static final long POLL_MS = 10;

    private final OutcomeLookup outcomes;
    private final ModelQueries queries;
    private final RegistryTopics topics;
    private final RegistryConfig config;
    private final KafkaProducer<String, byte[]> producer;

    CommandGateway(OutcomeLookup outcomes, ModelQueries queries, RegistryTopics topics, RegistryConfig config,
                   @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers") String bootstrapServers,
                   Config mpConfig) {
        this.outcomes = outcomes;
        this.queries = queries;
        this.topics = topics;
        this.config = config;
        Map<String, Object> props = TopologyProducer.connection(bootstrapServers, mpConfig).clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends a command and returns its outcome; empty when it was not decided within the command timeout. */
    public Optional<CommandOutcome> submit(RegistryCommand command) {
        long deadline = System.nanoTime() + config.commandTimeout().toNanos();
        var record = new ProducerRecord<>(topics.commands(), command.modelName(),
                RegistryStores.commandSerde().serializer().serialize(topics.commands(), command));
        CommandHeaders.withType(record.headers(), CommandHeaders.COMMAND);
        try {
            producer.send(record).get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send the command to " + topics.commands() + ": " + e, e);
        }
        Optional<CommandOutcome> outcome = poll(deadline, () -> outcome(command).isPresent())
                ? outcome(command) : Optional.empty();
        if (outcome.isPresent() && outcome.get().accepted()
                && !poll(deadline, () -> visible(command, outcome.get()))) {
            return Optional.empty();
        }
        return outcome;
    }

    private Optional<CommandOutcome> outcome(RegistryCommand command) {
        return outcomes.find(command.modelName(), command.commandId());
    }

    private boolean visible(RegistryCommand command, CommandOutcome outcome) {
        Optional<ModelVersion> version = queries.version(command.modelName(), outcome.version());
        return switch (command.action()) {
            case ARCHIVE -> version.map(v -> v.getStatus() == ModelStatus.ARCHIVED).orElse(false);
            case PROMOTE, ROLLBACK -> version.map(v -> v.getAliases().contains(command.alias())).orElse(false);
        };
    }

    private static boolean poll(long deadline, BooleanSupplier condition) {
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (InvalidStateStoreException | IllegalStateException e) {
                // not running or restoring: try again until the deadline
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
