package io.tunestream.launcher;

import io.tunestream.launcher.cli.StackFile;
import io.tunestream.launcher.cli.StackTokens;
import io.tunestream.schemas.KafkaAccessPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The embedded stack's directory ({@code .tunestream} by default), shared by {@code up} and {@code demo}: the broker's
 * data (so what was published, trained and registered survives a restart), the services' artifacts, reports and
 * registered models, the logs, and the stack file the other commands read.
 */
final class StackWorkDir {

    /**
     * What a restart keeps and {@code --fresh} forgets: broker data, checkpoints, evaluator work, registry store, and
     * the schema registry's store (registry mode: records on the topics name their schemas by its ids).
     */
    static final List<String> RUN_STATE = List.of("kafka", "artifacts", "evaluator", "registry", "schema-registry");

    private StackWorkDir() {
    }

    /** Where the broker keeps its log. */
    static Path brokerData(Path workDir) {
        return workDir.resolve("kafka").toAbsolutePath();
    }

    /** Where the schema registry (registry mode) keeps its schemas, so ids in kept topics stay resolvable. */
    static Path schemaRegistryData(Path workDir) {
        return workDir.resolve("schema-registry").toAbsolutePath();
    }

    /** Deletes the broker's data and the services' stored models and reports of earlier runs. */
    static void forget(Path workDir) throws IOException {
        for (String dir : RUN_STATE) {
            Path path = workDir.resolve(dir);
            if (Files.exists(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /**
     * Writes the stack file that lets the other commands find {@code stack}, and removes it when this JVM stops
     * (Ctrl-C, {@code tunestream down}).
     */
    static void record(EmbeddedStack stack, String topicPrefix, StackTokens tokens, Path stackFile) throws IOException {
        Map<String, String> urls = new LinkedHashMap<>();
        stack.components().stream().filter(c -> !c.name().equals("kafka"))
                .forEach(c -> urls.put(c.name(), "http://" + c.address()));
        new StackFile(stack.bootstrapServers(), urls, topicPrefix, ProcessHandle.current().pid(), stack.childPids(),
                Instant.now().toString(), tokens.byRole(), stack.cliConnection().security(),
                stack.kafka(KafkaAccessPolicy.OPERATOR).security()).write(stackFile);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(stackFile);
            } catch (IOException e) {
                // best effort: `tunestream down` and the next `up` treat a dead pid's file as stale
            }
        }, "stack-file-remove"));
    }
}
