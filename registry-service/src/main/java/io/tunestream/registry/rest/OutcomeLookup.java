package io.tunestream.registry.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.registry.domain.CommandOutcome;
import io.tunestream.registry.streams.RegistryStores;
import io.tunestream.registry.streams.RegistryTopics;
import io.tunestream.security.Roles;
import io.tunestream.security.ServiceCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds a command's outcome in the outcomes store of the task that owns the model's partition: locally when
 * this replica owns it, otherwise by asking the owner's host ({@code application.server}) over HTTP
 * ({@link OutcomeResource}, with this deployment's reader credential), as interactive queries require.
 */
@ApplicationScoped
public class OutcomeLookup {

    private static final Logger LOG = Logger.getLogger(OutcomeLookup.class);

    private final KafkaStreams streams;
    private final RegistryTopics topics;
    private final Optional<HostInfo> self;
    private final ObjectMapper json;
    private final Optional<String> authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    OutcomeLookup(KafkaStreams streams, RegistryTopics topics, ObjectMapper json, ServiceCredentials credentials,
                  @ConfigProperty(name = "quarkus.kafka-streams.application-server") Optional<String> server) {
        this.streams = streams;
        this.topics = topics;
        this.json = json;
        this.authorization = credentials.authorization(Roles.READER);
        this.self = server.map(HostInfo::buildFromEndpoint);
    }

    /** The outcome, wherever its store lives; empty while it is not decided or not reachable. */
    public Optional<CommandOutcome> find(String modelName, String commandId) {
        KeyQueryMetadata meta;
        try {
            meta = streams.queryMetadataForKey(RegistryStores.OUTCOMES, modelName, new StringSerializer());
        } catch (IllegalStateException e) {
            return Optional.empty(); // not running (yet): asked again until the deadline
        }
        if (meta == null || meta == KeyQueryMetadata.NOT_AVAILABLE) {
            return Optional.empty();
        }
        Optional<CommandOutcome> here = local(meta.partition(), commandId);
        if (here.isPresent() || hostsLocally(meta.partition()) || self.map(meta.activeHost()::equals).orElse(true)) {
            return here;
        }
        return remote(meta.activeHost(), modelName, commandId);
    }

    /** The outcome in this replica's store for the model's partition. */
    public Optional<CommandOutcome> local(String modelName, String commandId) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(RegistryStores.OUTCOMES, modelName, new StringSerializer());
        return meta == null || meta == KeyQueryMetadata.NOT_AVAILABLE ? Optional.empty() : local(meta.partition(), commandId);
    }

    /** Whether this replica runs the active task of that partition of the commands topic. */
    private boolean hostsLocally(int partition) {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .anyMatch(tp -> tp.topic().equals(topics.commands()) && tp.partition() == partition);
    }

    private Optional<CommandOutcome> local(int partition, String commandId) {
        try {
            var store = streams.store(StoreQueryParameters.fromNameAndType(RegistryStores.OUTCOMES,
                    QueryableStoreTypes.<String, CommandOutcome>keyValueStore()).withPartition(partition));
            return Optional.ofNullable(store.get(commandId));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return Optional.empty(); // restoring or rebalancing: asked again until the deadline
        }
    }

    private Optional<CommandOutcome> remote(HostInfo host, String modelName, String commandId) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/internal/outcomes/"
                + URLEncoder.encode(modelName, StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(commandId, StandardCharsets.UTF_8));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
            authorization.ifPresent(value -> request.header("Authorization", value));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                LOG.warnf("replica %s refused the outcome query (%d): do the replicas share tunestream.security.*-token?",
                        host, response.statusCode());
            }
            return response.statusCode() == 200
                    ? Optional.of(json.readValue(response.body(), CommandOutcome.class)) : Optional.empty();
        } catch (IOException e) {
            LOG.warnf("outcome of %s not reachable at %s: %s", commandId, uri, e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
