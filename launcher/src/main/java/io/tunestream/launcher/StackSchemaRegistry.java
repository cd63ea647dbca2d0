package io.tunestream.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tunestream.kafka.embedded.SchemaRegistration;
import io.tunestream.kafka.embedded.SchemaRegistryProcess;
import io.tunestream.schemas.serde.EventCatalog;
import io.tunestream.schemas.serde.SerdeSettings;

/**
 * Registry mode of the embedded stack ({@code up --schema-registry}, {@code demo --schema-registry}): Apicurio
 * Registry as a child JVM, every event schema registered under BACKWARD compatibility, and every service (and this
 * JVM's own readers) switched to the Confluent wire format against it. Start it before the stack, close it after.
 */
final class StackSchemaRegistry implements AutoCloseable {

    /** The registry-wide compatibility rule: a new schema must read what the previous one wrote. */
    static final String COMPATIBILITY = "BACKWARD";

    private final SchemaRegistryProcess process;
    private final Map<String, Integer> schemaIds;

    private StackSchemaRegistry(SchemaRegistryProcess process, Map<String, Integer> schemaIds) {
        this.process = process;
        this.schemaIds = schemaIds;
    }

    /**
     * Starts the registry built under {@code projectDir} with its store in {@code workDir} (kept like the broker's
     * data), registers every event schema, and reports on {@code out}.
     */
    static StackSchemaRegistry start(Path projectDir, Path workDir, Path logDir, Duration timeout, PrintStream out) {
        out.println("starting schema registry (Apicurio 2.4.2, child JVM)");
        SchemaRegistryProcess process = SchemaRegistryProcess.start(SchemaRegistryProcess.jarIn(projectDir), 0,
                StackWorkDir.schemaRegistryData(workDir), logDir.resolve("schema-registry.log"), timeout);
        try {
            SchemaRegistration registration = new SchemaRegistration(process.confluentApiUrl());
            registration.setCompatibility(COMPATIBILITY);
            Map<String, Integer> ids = registration.registerAll(EventCatalog.schemas());
            out.printf("schema registry: %s (Confluent API %s), %d schemas registered, %s compatibility, "
                    + "started in %.1f s, RSS %s%n", process.apicurioApiUrl(), process.confluentApiUrl(), ids.size(),
                    COMPATIBILITY, process.startTime().toMillis() / 1000.0,
                    process.residentBytes() < 0 ? "unknown" : process.residentBytes() / (1024 * 1024) + " MB");
            return new StackSchemaRegistry(process, ids);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** How serdes reach this registry. */
    SerdeSettings serdeSettings() {
        return SerdeSettings.registry(process.apicurioApiUrl());
    }

    /** The services, each told to write and read the Confluent wire format through this registry. */
    List<ServiceSpec> pointAt(List<ServiceSpec> services) {
        Map<String, String> env = serdeSettings().environment();
        return services.stream().map(s -> s.withEnv(env)).toList();
    }

    /** Switches this JVM's serdes (the CLI's and the demo's readers) to this registry. */
    void useInThisProcess() {
        System.setProperty(SerdeSettings.MODE_PROPERTY, "registry");
        System.setProperty(SerdeSettings.URL_PROPERTY, process.apicurioApiUrl());
    }

    /** Subject (event full name) to schema id, as registered at start. */
    Map<String, Integer> schemaIds() {
        return schemaIds;
    }

    /** The Confluent-compatible API root. */
    String confluentApiUrl() {
        return process.confluentApiUrl();
    }

    /** The registry's child JVM. */
    ProcessHandle handle() {
        return process.handle();
    }

    /** Stops the registry and puts this JVM's serdes back to single-object encoding. */
    @Override
    public void close() {
        if (process.apicurioApiUrl().equals(System.getProperty(SerdeSettings.URL_PROPERTY))) {
            System.clearProperty(SerdeSettings.MODE_PROPERTY);
            System.clearProperty(SerdeSettings.URL_PROPERTY);
        }
        process.close();
    }
}
