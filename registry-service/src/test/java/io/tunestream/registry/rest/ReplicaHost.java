package io.tunestream.registry.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tunestream.registry.domain.CommandOutcome;
import io.tunestream.registry.streams.RegistryStores;
import io.tunestream.testsupport.ApiTokens;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP face of a second registry replica in tests: serves {@code /internal/outcomes/{name}/{id}} from that
 * replica's Kafka Streams outcomes store, as {@link OutcomeResource} does in the service.
 */
final class ReplicaHost implements AutoCloseable {

    static final int PORT = freePort();

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    ReplicaHost(KafkaStreams replica) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", PORT), 0);
        server.createContext("/internal/outcomes/", exchange -> {
            requests.incrementAndGet();
            // like a real replica: the outcome query must carry a reader credential of this deployment
            if (!("Bearer " + ApiTokens.token("reader")).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            String[] parts = exchange.getRequestURI().getPath().split("/");
            CommandOutcome outcome = lookup(replica, parts[3], parts[4]);
            byte[] body = outcome == null ? new byte[0] : new ObjectMapper().writeValueAsBytes(outcome);
            exchange.sendResponseHeaders(outcome == null ? 404 : 200, outcome == null ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    int requests() {
        return requests.get();
    }

    private static CommandOutcome lookup(KafkaStreams replica, String model, String commandId) {
        try {
            int partition = replica.queryMetadataForKey(RegistryStores.OUTCOMES, model, new StringSerializer()).partition();
            return replica.store(StoreQueryParameters.fromNameAndType(RegistryStores.OUTCOMES,
                    QueryableStoreTypes.<String, CommandOutcome>keyValueStore()).withPartition(partition)).get(commandId);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
