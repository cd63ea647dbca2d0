package io.tunestream.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tunestream.kafka.embedded.ProcessTree;

/** A running service JVM whose output goes to a log file; closing it stops it and its descendants. */
final class ServiceProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int TAIL_BYTES = 256 * 1024;

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
            // a JVM that crashes (a native fault in libtorch, say) leaves its report beside its log rather than in
            // our working directory; JDK_JAVA_OPTIONS is read by the java launcher only, added to what was set
            builder.environment().merge("JDK_JAVA_OPTIONS", "-XX:ErrorFile=" + logFile.toAbsolutePath()
                    .resolveSibling(spec.name() + "-hs_err_pid%p.log"), (set, ours) -> set + " " + ours);
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

    /**
     * What became of this process, for a failed test or drill: running, or its exit status, then the last
     * {@code lines} lines of its log.
     */
    String postMortem(int lines) {
        String state = process.isAlive() ? "running (pid " + process.pid() + ")"
                : "exited with status " + process.exitValue() + " (pid " + process.pid() + ")";
        return "--- " + spec.name() + ": " + state + "; last lines of " + logFile + "\n" + tail(logFile, lines);
    }

    /** The last {@code lines} lines of a text file (within its last 256 KB), or a line saying why it cannot be read. */
    static String tail(Path file, int lines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            // a long-running service's log may be large: only its end is read
            long start = Math.max(0, in.length() - TAIL_BYTES);
            byte[] end = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(end);
            // decoded leniently: a process killed mid-write may leave a broken character at the end
            List<String> all = new String(end, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        ProcessTree.destroy(process.toHandle(), STOP_GRACE);
    }
}
