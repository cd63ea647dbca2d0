package io.tunestream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a service module really has, read from its sources: the keys and {@code ${...}} references of
 * {@code src/main/resources/application.properties}, and the properties of its {@code @ConfigMapping} interfaces
 * (nested groups included), so that an environment variable in a manifest can be matched to one of them.
 */
final class ServiceConfigKeys {

    /**
     * Variables every service understands without a key of its own in its module: the Quarkus HTTP port, the JVM/DJL
     * runtime (the base image's run-java.sh reads JAVA_MAX_MEM_RATIO), the Kafka connection security (read by {@code io.tunestream.schemas.KafkaConnection} and mapped to
     * Kafka Streams by the services' properties), and the bearer tokens of the HTTP roles.
     */
    static final Set<String> RUNTIME_VARIABLES = Set.of("QUARKUS_HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS",
            "JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO", "DJL_OFFLINE", "DJL_CACHE_DIR",
            "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION",
            "TUNESTREAM_SECURITY_ADMIN_TOKEN", "TUNESTREAM_SECURITY_PUBLISHER_TOKEN", "TUNESTREAM_SECURITY_TRAINER_TOKEN",
            "TUNESTREAM_SECURITY_EVALUATOR_TOKEN", "TUNESTREAM_SECURITY_READER_TOKEN");

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    private static final Pattern METHOD = Pattern.compile("([\\w.]+(?:<[^;()]*>)?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^:}]+)");

    private final Set<String> keys = new TreeSet<>();
    private final Map<String, String> propertyValues = new HashMap<>();

    private ServiceConfigKeys() {
    }

    /** The keys of the module in {@code moduleDir}; empty when it has neither properties nor a mapping. */
    static ServiceConfigKeys of(Path moduleDir) {
        ServiceConfigKeys result = new ServiceConfigKeys();
        result.readProperties(moduleDir.resolve("src/main/resources/application.properties"));
        Path sources = moduleDir.resolve("src/main/java");
        if (Files.isDirectory(sources)) {
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).map(ServiceConfigKeys::readString)
                        .filter(s -> MAPPING.matcher(s).find()).forEach(result::readMapping);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    /** Whether {@code variable} sets a key of this module (environment form: upper case, '_' for the rest). */
    boolean accepts(String variable) {
        if (RUNTIME_VARIABLES.contains(variable)) {
            return true;
        }
        return keys.stream().anyMatch(key -> key.endsWith(".*")
                ? variable.startsWith(environmentName(key.substring(0, key.length() - 2)) + "_")
                : variable.equals(key) || variable.equals(environmentName(key)));
    }

    /** A property of application.properties (profile-free), e.g. {@code quarkus.kafka-streams.application-id}. */
    Optional<String> property(String key) {
        return Optional.ofNullable(propertyValues.get(key));
    }

    Set<String> keys() {
        return keys;
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private void readProperties(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        for (String line : readString(file).split("\n")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 0) {
                continue;
            }
            String key = trimmed.substring(0, equals).strip().replaceFirst("^%[\\w-]+\\.", "");
            keys.add(key);
            if (!trimmed.startsWith("%")) {
                propertyValues.put(key, trimmed.substring(equals + 1).strip());
            }
            Matcher reference = REFERENCE.matcher(trimmed.substring(equals + 1));
            while (reference.find()) {
                keys.add(reference.group(1));
            }
        }
    }

    /** Expands a mapping's methods into keys: {@code maxTextBytes()} under {@code tunestream.ingest} is {@code tunestream.ingest.max-text-bytes}. */
    private void readMapping(String source) {
        Matcher mapping = MAPPING.matcher(source);
        mapping.find();
        Map<String, List<String[]>> methods = methodsByInterface(source);
        Matcher root = INTERFACE.matcher(source);
        if (root.find(mapping.end())) {
            expand(root.group(1), mapping.group(1), methods);
        }
    }

    private void expand(String type, String prefix, Map<String, List<String[]>> methods) {
        for (String[] method : methods.getOrDefault(type, List.of())) {
            String key = prefix + "." + kebab(method[1]);
            if (methods.containsKey(method[0])) {
                expand(method[0], key, methods);
            } else {
                keys.add(method[0].startsWith("Map<") ? key + ".*" : key);
            }
        }
    }

    /** Return type and name of each abstract no-argument method, grouped by the innermost interface declaring it. */
    private static Map<String, List<String[]>> methodsByInterface(String source) {
        List<Scope> scopes = new ArrayList<>();
        Matcher declaration = INTERFACE.matcher(source);
        while (declaration.find()) {
            scopes.add(new Scope(declaration.group(1), declaration.end(), closingBrace(source, declaration.end())));
        }
        Map<String, List<String[]>> methods = new HashMap<>();
        Matcher method = METHOD.matcher(source);
        while (method.find()) {
            int at = method.start();
            scopes.stream().filter(s -> s.start() <= at && at < s.end()).max(Comparator.comparingInt(Scope::start))
                    .ifPresent(s -> methods.computeIfAbsent(s.name(), k -> new ArrayList<>())
                            .add(new String[] {method.group(1), method.group(2)}));
        }
        return methods;
    }

    /** An interface body: name and the offsets of its braces. */
    private record Scope(String name, int start, int end) {
    }

    private static int closingBrace(String source, int afterOpening) {
        int depth = 1;
        for (int i = afterOpening; i < source.length(); i++) {
            char c = source.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return source.length();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
