package io.tunestream.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What {@code tunestream up} writes so that the other commands find the running stack: the broker, each service's
 * base URL, the topic prefix, the pid of the {@code up} JVM (which {@code down} stops) and of its children.
 *
 * @param bootstrapServers the broker's {@code host:port}
 * @param services         service module name (e.g. {@code ingest-service}) to base URL
 * @param topicPrefix      the stack's topic prefix
 * @param pid              pid of the {@code up} process
 * @param childPids        pids of the broker and service processes it started
 * @param startedAt        when it was written (ISO-8601)
 * @param tokens           the stack's API token per role ({@link StackTokens}); the file is readable by its owner only
 * @param kafkaSecurity    how the CLI logs in to the broker ({@code security.protocol}, {@code sasl.mechanism},
 *                         {@code sasl.jaas.config} of the stack's read-only {@code cli} user); empty: PLAINTEXT
 * @param operatorKafkaSecurity the same for the stack's {@code operator} user, which only {@code tunestream dlq
 *                         replay} uses (it may write the topics dead letters came from); empty: PLAINTEXT, or a file
 *                         of a launcher that wrote none
 */
public record StackFile(String bootstrapServers, Map<String, String> services, String topicPrefix, long pid,
                        List<Long> childPids, String startedAt, Map<String, String> tokens,
                        Map<String, String> kafkaSecurity, Map<String, String> operatorKafkaSecurity) {

    /** A stack file whose Kafka logins are those of the read-only user only. */
    public StackFile(String bootstrapServers, Map<String, String> services, String topicPrefix, long pid,
                     List<Long> childPids, String startedAt, Map<String, String> tokens,
                     Map<String, String> kafkaSecurity) {
        this(bootstrapServers, services, topicPrefix, pid, childPids, startedAt, tokens, kafkaSecurity, Map.of());
    }

    /** A stack file of a PLAINTEXT broker. */
    public StackFile(String bootstrapServers, Map<String, String> services, String topicPrefix, long pid,
                     List<Long> childPids, String startedAt, Map<String, String> tokens) {
        this(bootstrapServers, services, topicPrefix, pid, childPids, startedAt, tokens, Map.of());
    }

    /** Where {@code up} writes it and every other command looks for it. */
    public static final String DEFAULT_PATH = ".tunestream/stack.json";

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public StackFile {
        services = Map.copyOf(services);
        childPids = List.copyOf(childPids);
        tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
        kafkaSecurity = kafkaSecurity == null ? Map.of() : Map.copyOf(kafkaSecurity);
        operatorKafkaSecurity = operatorKafkaSecurity == null ? Map.of() : Map.copyOf(operatorKafkaSecurity);
    }

    /** The stack's tokens. */
    public StackTokens stackTokens() {
        return new StackTokens(tokens);
    }

    /** The stack file at {@code path}, if there is one. */
    public static Optional<StackFile> read(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(path.toFile(), StackFile.class));
        } catch (IOException e) {
            throw new CliException("cannot read the stack file " + path + ": " + e.getMessage());
        }
    }

    /**
     * Writes it to {@code path} (parents created), replacing what was there. It holds the stack's tokens: the file
     * is created owner-only (0600) before anything is written to it, then moved into place.
     */
    public void write(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
        // elsewhere (no POSIX permissions) the temporary file is private to its owner by the platform's default
        Path tmp = posix ? Files.createTempFile(parent, "stack", ".json", OWNER_ONLY)
                : Files.createTempFile(parent, "stack", ".json");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether the {@code up} process that wrote it still runs. */
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
