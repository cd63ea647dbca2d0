package io.tunestream.examples.watcher.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged watcher ({@code target/quarkus-app/quarkus-run.jar}) as the process a pod runs, configured through
 * its environment only; stopped with SIGTERM as Kubernetes stops a pod. Its output goes to a log file under
 * {@code target/}, named in failures.
 */
final class WatcherProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    private WatcherProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a watcher with these settings (environment variables) and waits until it is ready. */
    static WatcherProcess start(String name, Map<String, String> env) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run `./mvnw package` (failsafe runs after it)");
        }
        int port = freePort();
        Path log = Files.createDirectories(Path.of("target/watcher-it")).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                // A short-lived JVM on shared cores: C1 only and the serial collector start it sooner.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                JAR.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // No kubeconfig of the machine running the test: the API server comes from the environment only.
        builder.environment().put("KUBECONFIG", log.resolveSibling("no-kubeconfig").toAbsolutePath().toString());
        WatcherProcess watcher = new WatcherProcess(builder.start(), port, log);
        await("watcher " + name + " ready (log: " + log + ")").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                    if (!watcher.process.isAlive()) {
                        throw new IllegalStateException("watcher " + name + " exited: " + Files.readString(log));
                    }
                    return watcher.get("/q/health/ready").statusCode() == 200;
                });
        return watcher;
    }

    /** The sum of {@code tunestream_watcher_events_total} for an outcome, from the watcher's Prometheus metrics. */
    double events(String outcome) throws IOException, InterruptedException {
        String prefix = "tunestream_watcher_events_total{";
        return get("/q/metrics").body().lines()
                .filter(l -> l.startsWith(prefix) && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Its output so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("watcher on port " + port + " not answering: " + e, e);
        }
    }

    /** SIGTERM, as Kubernetes stops a pod, and waits for the exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
