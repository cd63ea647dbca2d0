package io.tunestream.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.tunestream.kafka.embedded.ProcessTree;

/** A running service JVM whose output goes to a log file; closing it stops it and its descendants. */
final class ServiceProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final ServiceSpec spec;
    private final Process process;
    private final Path logFile;

    private ServiceProcess(ServiceSpec spec, Process process, Path logFile) {
        this.spec = spec;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code spec} with its environment plus {@code extraEnv}, writing its output to {@code logFile}. */
    static ServiceProcess start(ServiceSpec spec, Map<String, String> extraEnv, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(spec.command())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(extraEnv);
            builder.environment().putAll(spec.env());
            return new ServiceProcess(spec, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + ": " + spec.command(), e);
        }
    }

    void awaitReady(ReadinessProbe probe, Duration timeout) {
        try {
            probe.await(spec.readinessUrl(), process.toHandle(), timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(spec.name() + " is not ready: " + e.getMessage() + "; see " + logFile, e);
        }
    }

    ServiceSpec spec() {
        return spec;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        ProcessTree.destroy(process.toHandle(), STOP_GRACE);
    }
}
