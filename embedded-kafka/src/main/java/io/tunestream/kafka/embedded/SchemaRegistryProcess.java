package io.tunestream.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Apicurio Registry 2.4.2 (in-memory storage; Confluent-compatible API under {@code /apis/ccompat/v7}) in a child
 * JVM, from the {@code quarkus-run.jar} that the {@code schema-registry-server} module assembles. {@link #start}
 * returns once the registry answers HTTP; {@link #close()} or a shutdown hook of this JVM stops it. Its output goes
 * to a log file. Its schemas live in an H2 database: in memory (a new start is an empty registry), or in a data
 * directory, so a restart over kept Kafka topics still resolves the schema ids their records carry.
 */
public final class SchemaRegistryProcess implements AutoCloseable {

    /** Where the assembled registry lies, relative to the project root. */
    public static final Path JAR_IN_PROJECT = Path.of("schema-registry-server", "target", "quarkus-app", "quarkus-run.jar");
    /** System property with the child JVM's options, space-separated; default {@value #DEFAULT_JVM_OPTIONS}. */
    public static final String JVM_OPTIONS_PROPERTY = "tunestream.registry.jvmOptions";
    /** A small heap and C1 only, as for the broker: a dev registry holds a few dozen schemas. */
    public static final String DEFAULT_JVM_OPTIONS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Process process;
    private final URI root;
    private final Thread shutdownHook;
    private final Duration startTime;
    private boolean closed;

    private SchemaRegistryProcess(Process process, URI root, Thread shutdownHook, Duration startTime) {
        this.process = process;
        this.root = root;
        this.shutdownHook = shutdownHook;
        this.startTime = startTime;
    }

    /** The assembled registry under {@code projectDir}; fails with the command that builds it when it is missing. */
    public static Path jarIn(Path projectDir) {
        Path jar = projectDir.resolve(JAR_IN_PROJECT).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no schema registry at " + jar + ": build it with "
                    + "`./mvnw -B -ntp package -pl schema-registry-server` (or a root `./mvnw package`)");
        }
        return jar;
    }

    /**
     * Starts the registry on {@code port} (0 = a free one), keeping its schemas in {@code dataDir} ({@code null}:
     * in memory), logging to {@code logFile}, and waits up to {@code timeout} until it answers; kills it if it does not.
     */
    public static SchemaRegistryProcess start(Path jar, int port, Path dataDir, Path logFile, Duration timeout) {
        int httpPort = FreePort.orFree(port);
        long begin = System.nanoTime();
        Process process = launch(command(jar, httpPort, dataDir), logFile);
        Thread hook = new Thread(() -> ProcessTree.destroy(process.toHandle(), STOP_GRACE), "schema-registry-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        URI root = URI.create("http://127.0.0.1:" + httpPort);
        try {
            awaitAnswer(process, root.resolve("/apis/ccompat/v7/subjects"), timeout, logFile);
        } catch (RuntimeException e) {
            ProcessTree.destroy(process.toHandle(), Duration.ofSeconds(5));
            removeHook(hook);
            throw e;
        }
        return new SchemaRegistryProcess(process, root, hook, Duration.ofNanos(System.nanoTime() - begin));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI root() {
        return root;
    }

    /** Apicurio's own API root, what Apicurio's serde is given ({@code /apis/registry/v2}). */
    public String apicurioApiUrl() {
        return root.resolve("/apis/registry/v2").toString();
    }

    /** The Confluent-compatible API root, what Confluent clients are given ({@code /apis/ccompat/v7}). */
    public String confluentApiUrl() {
        return root.resolve("/apis/ccompat/v7").toString();
    }

    /** Resident memory of the child JVM (Linux {@code /proc}), in bytes; -1 where it cannot be read. */
    public long residentBytes() {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** From launch until the registry first answered. */
    public Duration startTime() {
        return startTime;
    }

    /** The child JVM. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Stops the child JVM (SIGTERM, then SIGKILL after a grace period). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ProcessTree.destroy(process.toHandle(), STOP_GRACE);
        removeHook(shutdownHook);
    }

    static List<String> command(Path jar, int port, Path dataDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : System.getProperty(JVM_OPTIONS_PROPERTY, DEFAULT_JVM_OPTIONS).trim().split("\\s+")) {
            if (!option.isEmpty()) {
                cmd.add(option);
            }
        }
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1"); // loopback only, like the embedded broker
        cmd.add("-Dquarkus.log.level=WARN");
        cmd.add("-Dquarkus.log.category.\"io.apicurio\".level=WARN");
        cmd.add("-Dquarkus.log.category.\"io.sentry\".level=ERROR");
        if (dataDir != null) {
            cmd.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry")
                    + ";DB_CLOSE_ON_EXIT=FALSE");
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        return cmd;
    }

    private static Process launch(List<String> command, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private static void awaitAnswer(Process process, URI probe, Duration timeout, Path logFile) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the schema registry exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
            sleep();
        }
        throw new IllegalStateException("the schema registry did not answer " + probe + " within " + timeout + "; see " + logFile);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }
}
