package io.tunestream.launcher;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code foreign/ConfluentTopicReader.java} (test resources) as a consumer from another system would: a child JVM
 * whose class path holds only Apicurio's Avro serde with its dependencies, kafka-clients and Avro, taken from this
 * JVM's class path by Maven coordinates; no tunestream jar or class directory.
 */
final class ForeignTopicReader {

    /** The dependency closure of {@code io.apicurio:apicurio-registry-avro-serde-kafka} (plus kafka-clients, Avro). */
    private static final List<String> ALLOWED = List.of("/io/apicurio/", "/io/kiota/", "/com/microsoft/kiota/",
            "/io/vertx/", "/io/netty/", "/io/opentelemetry/", "/io/github/std-uritemplate/", "/com/fasterxml/jackson/",
            "/org/apache/avro/", "/org/apache/kafka/kafka-clients/", "/org/apache/commons/commons-compress/",
            "/org/apache/commons/commons-lang3/", "/commons-io/", "/commons-codec/", "/org/slf4j/slf4j-api/",
            "/jakarta/annotation/", "/jakarta/validation/", "/jakarta/ws/rs/", "/com/github/luben/",
            "/at/yawk/lz4/", "/org/lz4/", "/org/xerial/snappy/");

    /** What the reader printed, one line per record ({@code topic, magic, id, full name, JSON}), and its exit code. */
    record Result(int exitCode, List<String> lines, String output) {

        /** The record lines of one topic, each split into its five columns. */
        List<String[]> records(String topic) {
            return lines.stream().filter(l -> l.startsWith(topic + "\t") && !l.equals(topic + "\tend"))
                    .map(l -> l.split("\t", 5)).toList();
        }
    }

    private ForeignTopicReader() {
    }

    /** The class path entries the reader gets. */
    static List<String> classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar") && ALLOWED.stream().anyMatch(e::contains)).toList();
    }

    /** Reads {@code topics} to their ends with the given Kafka client settings and Apicurio API URL. */
    static Result read(Map<String, Object> clientProperties, String apicurioUrl, Path work, String... topics)
            throws IOException, InterruptedException {
        Properties props = new Properties();
        clientProperties.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        props.setProperty("isolation.level", "read_committed");
        Path file = Files.createTempFile(work, "client", ".properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "foreign reader");
        }
        Path source = Path.of("target", "test-classes", "foreign", "ConfluentTopicReader.java").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", String.join(File.pathSeparator, classPath()), source.toString(),
                file.toString(), apicurioUrl));
        command.addAll(List.of(topics));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), output.lines().toList(), output);
    }
}
