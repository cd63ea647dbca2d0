package io.tunestream.registry.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Runs the test application on a free port known before it starts, and sets the registry's public URL to it: the
 * URL deployment events name must be one a test can download through, and a port chosen by the HTTP server at
 * bind time ({@code test-port=0}) is only known after the configuration was read.
 */
public class PublicUrlResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the registry under test", e);
        }
        return Map.of("quarkus.http.test-port", Integer.toString(port),
                "tunestream.registry.public-url", "http://localhost:" + port);
    }

    @Override
    public void stop() {
        // nothing to release: the port belongs to the application under test
    }
}
