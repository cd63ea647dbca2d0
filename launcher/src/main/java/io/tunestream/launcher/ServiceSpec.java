package io.tunestream.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service JVM the stack starts.
 *
 * @param name         a short name, e.g. {@code clean-service}
 * @param command      the full command line
 * @param env          extra environment variables (the broker address is added by the stack)
 * @param readinessUrl the URL that answers 200 once the service is ready, e.g. {@code /q/health/ready}
 */
public record ServiceSpec(String name, List<String> command, Map<String, String> env, URI readinessUrl) {

    /**
     * Extra JVM options for every service JVM the launcher starts, separated by spaces. The test suite sets
     * {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} (what the broker child JVM runs with and what Quarkus dev
     * mode uses): its stacks live for seconds, and C2 compiling on two cores is about a third of each start.
     */
    public static final String JVM_OPTIONS_ENV = "TUNESTREAM_SERVICE_JVM_OPTIONS";

    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("service " + name + " has an empty command");
        }
        env = Map.copyOf(env);
        Objects.requireNonNull(readinessUrl, "readinessUrl");
    }

    /** A Quarkus fast-jar ({@code target/quarkus-app/quarkus-run.jar}) on {@code httpPort} of 127.0.0.1. */
    public static ServiceSpec quarkusJar(String name, Path jar, int httpPort) {
        return quarkusJar(name, jar, httpPort, "512m");
    }

    /**
     * As {@link #quarkusJar(String, Path, int)} with another maximum heap, e.g. {@code 3g}. The JVM also gets the
     * options of {@value #JVM_OPTIONS_ENV}, when set.
     */
    public static ServiceSpec quarkusJar(String name, Path jar, int httpPort, String maxHeap) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + maxHeap));
        command.addAll(jvmOptions(System.getenv(JVM_OPTIONS_ENV)));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Map<String, String> env = Map.of("QUARKUS_HTTP_PORT", String.valueOf(httpPort),
                "QUARKUS_HTTP_HOST", "127.0.0.1");
        return new ServiceSpec(name, command, env, URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"));
    }

    /** @return a copy with more environment variables (overriding ones of the same name) */
    public ServiceSpec withEnv(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(more);
        return new ServiceSpec(name, command, merged, readinessUrl);
    }

    /** @return a copy whose JVM gets {@code options} too (inserted before {@code -jar}), e.g. system properties */
    public ServiceSpec withJvmOptions(List<String> options) {
        int jar = command.indexOf("-jar");
        if (jar < 0) {
            throw new IllegalStateException("service " + name + " is not started with java -jar: " + command);
        }
        List<String> more = new ArrayList<>(command.subList(0, jar));
        more.addAll(options);
        more.addAll(command.subList(jar, command.size()));
        return new ServiceSpec(name, more, env, readinessUrl);
    }

    /**
     * @param maxHeap the service's maximum heap, e.g. {@code 3g} or {@code 2304m}
     * @return a copy whose JVM collects as a data stage wants: the throughput collector (ParallelGC) with the whole
     *         heap committed from the start ({@code -Xms}: no full collections to grow it), a fixed young generation
     *         of two thirds of it, objects promoted at their first survival and so next to no survivor space. A stage
     *         allocates a whole version's worth of short-lived objects (decoded batches, cleaned texts, encoded
     *         output) around a version it holds to the end of the seal: a large eden lets most of that die without
     *         being copied, and what survives is the version itself, copied once. Unchanged when the JVM options
     *         already choose a collector (the test stacks run {@code -XX:+UseSerialGC}).
     */
    public ServiceSpec withDataStageCollector(String maxHeap) {
        if (command.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
            return this;
        }
        long youngMiB = mebibytes(maxHeap) * 2 / 3;
        return withJvmOptions(List.of("-XX:+UseParallelGC", "-Xms" + maxHeap, "-Xmn" + youngMiB + "m",
                "-XX:MaxTenuringThreshold=0", "-XX:SurvivorRatio=64", "-XX:-UseAdaptiveSizePolicy"));
    }

    /** A JVM memory size ({@code 3g}, {@code 2304m}, {@code 1048576k}) in MiB. */
    static long mebibytes(String size) {
        String s = size.strip().toLowerCase(java.util.Locale.ROOT);
        if (!s.matches("\\d{1,15}[kmg]?")) {
            throw new IllegalArgumentException("a heap size is a number of bytes, or of k, m or g, e.g. 3g or 2304m: got "
                    + size);
        }
        long n = Long.parseLong(s.replaceAll("[kmg]$", ""));
        return switch (s.charAt(s.length() - 1)) {
            case 'g' -> n * 1024;
            case 'm' -> n;
            case 'k' -> n / 1024;
            default -> n / (1024 * 1024);
        };
    }

    /** The options of a {@value #JVM_OPTIONS_ENV} value; none when it is null or blank. */
    static List<String> jvmOptions(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.strip().split("\\s+"));
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
