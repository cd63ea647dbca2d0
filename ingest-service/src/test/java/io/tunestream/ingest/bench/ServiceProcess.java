package io.tunestream.ingest.bench;

import io.tunestream.testsupport.ApiTokens;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The packaged ingest service running as a child JVM, as the launcher runs it. */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServiceProcess start(Path runJar, String bootstrap, String heap, long maxRecords) throws Exception {
        if (!Files.exists(runJar)) {
            throw new IllegalStateException(runJar + " is missing: run ./mvnw -pl ingest-service -am install -DskipTests");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("ingest-service-bench", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dtunestream.ingest.max-records-per-dataset=" + Math.max(maxRecords, 1_000_000),
                "-jar", runJar.toString()));
        builder.environment().putAll(ApiTokens.environment());
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        System.out.println("Service log: " + log);
        ServiceProcess service = new ServiceProcess(process, port);
        service.awaitReady(Duration.ofMinutes(3));
        return service;
    }

    int port() {
        return port;
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(250); // polling a child process at start-up, not a test
        }
        throw new IllegalStateException("the service was not ready within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
