package io.tunestream.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A one-node KRaft broker in a child JVM ({@link BrokerMain} on this JVM's class path). {@link #start} returns once
 * the child has printed its ready line. The child never outlives this object: {@link #close()}, a shutdown hook of
 * this JVM, and the child itself (it exits when its standard input closes) all stop it, descendants included.
 */
public final class BrokerProcess implements RunningBroker {

    /** How long {@link #start(BrokerSettings)} waits for the ready line. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    /** System property with the child JVM's options, space-separated; default {@value #DEFAULT_JVM_OPTIONS}. */
    public static final String JVM_OPTIONS_PROPERTY = "tunestream.kafka.jvmOptions";
    /** A small heap, and C1 only: a dev broker starts faster and competes less for CPU without C2. */
    public static final String DEFAULT_JVM_OPTIONS = "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Process process;
    private final String bootstrapServers;
    private final BrokerSettings settings;
    private final Thread shutdownHook;
    private boolean closed;

    private BrokerProcess(Process process, String bootstrapServers, BrokerSettings settings, Thread shutdownHook) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.settings = settings;
        this.shutdownHook = shutdownHook;
    }

    /** Starts a broker process and waits up to {@link #DEFAULT_START_TIMEOUT} for it to be ready. */
    public static BrokerProcess start(BrokerSettings settings) {
        return start(settings, DEFAULT_START_TIMEOUT);
    }

    /** Starts a broker process and waits up to {@code timeout} for it to be ready; kills it if it is not. */
    public static BrokerProcess start(BrokerSettings settings, Duration timeout) {
        Process process = launch(command(settings), BrokerMain.securityEnvironment(settings.security()));
        Thread hook = new Thread(() -> ProcessTree.destroy(process.toHandle(), STOP_GRACE), "broker-process-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        ProcessOutput output = ProcessOutput.follow(process, "[kafka] ", BrokerMain.READY_PREFIX);
        try {
            String bootstrap = output.ready().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new BrokerProcess(process, bootstrap, settings, hook);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            ProcessTree.destroy(process.toHandle(), Duration.ofSeconds(5));
            removeHook(hook);
            throw new IllegalStateException("the broker process did not become ready within " + timeout
                    + "; its last output:\n" + String.join("\n", output.tail()), e);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public BrokerSecurity security() {
        return settings.security();
    }

    /**
     * Stops this broker (SIGTERM, as a rolling restart does) and starts a new process on the same client and
     * controller ports, log directory and users, so clients reconnect to the same address and find their topics,
     * committed offsets and transactions again. Needs settings with fixed ports and a kept log directory: a free
     * port could be taken meanwhile, and a temporary log directory is deleted when the broker stops.
     *
     * @param timeout how long the new process may take to be ready
     * @return the new process (this one is closed)
     */
    public BrokerProcess restart(Duration timeout) {
        if (!restartable(settings)) {
            throw new IllegalStateException("a broker restarts in place only with fixed ports and a kept log directory: "
                    + settings);
        }
        close();
        return start(settings, timeout);
    }

    /** @return whether a broker started with {@code settings} can {@link #restart} in place */
    public static boolean restartable(BrokerSettings settings) {
        return settings.port() > 0 && settings.controllerPort() > 0 && settings.logDir() != null;
    }

    /** The child JVM; its pid, descendants and liveness can be checked through it. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Stops the child JVM (SIGTERM, then SIGKILL after a grace period) and its descendants. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ProcessTree.destroy(process.toHandle(), STOP_GRACE);
        removeHook(shutdownHook);
    }

    static List<String> command(BrokerSettings settings) {
        List<String> cmd = new ArrayList<>(jvm());
        cmd.add(BrokerMain.class.getName());
        cmd.addAll(List.of("--port", String.valueOf(settings.port()),
                "--controller-port", String.valueOf(settings.controllerPort())));
        if (settings.logDir() != null) {
            cmd.addAll(List.of("--log-dir", settings.logDir().toAbsolutePath().toString()));
        }
        for (Map.Entry<String, String> e : settings.extraProperties().entrySet()) {
            cmd.addAll(List.of("--property", e.getKey() + "=" + e.getValue()));
        }
        return cmd;
    }

    /** The java executable, its options, and this JVM's class path. */
    private static List<String> jvm() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : System.getProperty(JVM_OPTIONS_PROPERTY, DEFAULT_JVM_OPTIONS).trim().split("\\s+")) {
            if (!option.isEmpty()) {
                cmd.add(option);
            }
        }
        String level = System.getProperty(BrokerLogging.LEVEL_PROPERTY, "warn");
        cmd.add("-D" + BrokerLogging.LEVEL_PROPERTY + "=" + level);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + level);
        String julManager = System.getProperty("java.util.logging.manager");
        if (julManager != null) {
            cmd.add("-Djava.util.logging.manager=" + julManager); // same class path, same JUL set-up
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return cmd;
    }

    /** Starts {@code command}; the passwords travel in its environment (owner-readable only), never on its command line. */
    private static Process launch(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
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
