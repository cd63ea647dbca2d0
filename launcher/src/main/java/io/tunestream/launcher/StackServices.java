package io.tunestream.launcher;

import io.tunestream.kafka.embedded.FreePort;
import io.tunestream.launcher.cli.StackTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The service modules of the stack, found as built Quarkus fast-jars ({@code <module>/target/quarkus-app/quarkus-run.jar})
 * under a project directory, each on a free HTTP port, with the settings an embedded stack needs: artifact and work
 * directories under the stack's work directory (so a second run finds the first run's models), the stack's API token
 * per role for the services with an HTTP API, every evaluated model registered, and blessed versions promoted to champion automatically. A module without a built jar is skipped with a
 * message saying how to build it.
 */
public final class StackServices {

    /** Service modules in pipeline order. */
    public static final List<String> MODULES = List.of("ingest-service", "clean-service", "split-service",
            "augment-service", "trainer-service", "evaluator-service", "registry-service");

    /** The data-preparation services only (ingest to augment). */
    public static final List<String> DATA_MODULES = MODULES.subList(0, 4);

    /** The services with an HTTP API, which check bearer tokens. */
    public static final List<String> API_MODULES = List.of("ingest-service", "trainer-service", "evaluator-service",
            "registry-service");

    private StackServices() {
    }

    /**
     * The services whose runnable jar exists under {@code projectDir}, work files under {@code projectDir/.tunestream},
     * with fresh API tokens (for callers that use Kafka only).
     */
    public static List<ServiceSpec> discover(Path projectDir, Consumer<String> messages) {
        return discover(projectDir, MODULES, projectDir.resolve(".tunestream"), StackTokens.generate(), messages);
    }

    /**
     * @param projectDir where the modules are built
     * @param modules which modules to run (a subset of {@link #MODULES}, in that order)
     * @param workDir where services keep artifacts, reports and caches
     * @param tokens the stack's API tokens, given to every service with an HTTP API
     * @param messages where to say what was skipped
     * @return the services whose runnable jar exists
     */
    public static List<ServiceSpec> discover(Path projectDir, List<String> modules, Path workDir, StackTokens tokens,
            Consumer<String> messages) {
        return discover(projectDir, modules, workDir, tokens, List.of(), messages);
    }

    /**
     * As {@link #discover(Path, List, Path, StackTokens, Consumer)}, letting the trainer and the evaluator load base
     * models from {@code <workDir>/models} and from {@code modelRoots} (Hugging Face directories a user brings).
     */
    public static List<ServiceSpec> discover(Path projectDir, List<String> modules, Path workDir, StackTokens tokens,
            List<Path> modelRoots, Consumer<String> messages) {
        Map<String, Integer> ports = new HashMap<>();
        MODULES.forEach(m -> ports.put(m, FreePort.pick()));
        Path work = workDir.toAbsolutePath();
        String roots = modelRootsValue(work, modelRoots);
        List<ServiceSpec> services = new ArrayList<>();
        for (String module : MODULES) {
            if (!modules.contains(module)) {
                continue;
            }
            Path jar = projectDir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                messages.accept("skipped " + module + ": no runnable jar at " + jar
                        + " (build it with ./mvnw -pl " + module + " -am package -DskipTests)");
                continue;
            }
            int port = ports.get(module);
            ServiceSpec spec = switch (module) {
                case "trainer-service" -> ServiceSpec.quarkusJar(module, jar, port, "1g")
                        .withEnv(Map.of("TUNESTREAM_TRAINER_ARTIFACT_DIR", work.resolve("artifacts").toString(),
                                MODELS_ROOTS_ENV, roots));
                case "evaluator-service" -> ServiceSpec.quarkusJar(module, jar, port, "1g").withEnv(Map.of(
                        MODELS_ROOTS_ENV, roots,
                        "TUNESTREAM_EVALUATOR_WORK_DIR", work.resolve("evaluator").toString(),
                        "TUNESTREAM_EVALUATOR_ARTIFACT_ROOTS", work.resolve("artifacts").toString(),
                        "TUNESTREAM_EVALUATOR_REGISTRY_URL", "http://127.0.0.1:" + ports.get("registry-service")));
                case "registry-service" -> ServiceSpec.quarkusJar(module, jar, port).withEnv(registryEnv(work));
                case "clean-service", "split-service", "augment-service" -> dataStage(module, jar, port);
                default -> ServiceSpec.quarkusJar(module, jar, port);
            };
            services.add(API_MODULES.contains(module) ? spec.withEnv(tokens.environment()) : spec);
        }
        return services;
    }

    /**
     * Most heap of each data stage: a stage holds a whole version at its seal, and a 1,000,000-record version of <= 256
     * characters needs 2,534 MiB in clean, 1,999 MiB in split and 2,285 MiB in augment before a GC (docs/benchmarks.md).
     * The data stage collector commits it at start ({@code -Xms}); pages are touched as the stage allocates.
     */
    static final Map<String, String> STAGE_HEAP = Map.of("clean-service", "3g", "split-service", "2304m",
            "augment-service", "2304m");

    /**
     * A data stage of this stack: its heap and collector ({@link ServiceSpec#withDataStageCollector}), and static
     * group membership (one instance per stage here, so its name is
     * unique): a stage restarted after a crash takes its partitions back at once instead of waiting out the dead
     * member's session. The k8s manifests leave it off (replacement pods have new names).
     */
    private static ServiceSpec dataStage(String module, Path jar, int port) {
        return ServiceSpec.quarkusJar(module, jar, port, STAGE_HEAP.get(module))
                .withDataStageCollector(STAGE_HEAP.get(module))
                .withJvmOptions(List.of("-Dkafka-streams.main.consumer.group.instance.id=" + module));
    }

    /** Environment variable of {@code tunestream.models.roots}: where base models may be loaded from. */
    static final String MODELS_ROOTS_ENV = "TUNESTREAM_MODELS_ROOTS";

    /** @return {@code <work>/models} and the given roots, absolute, comma-separated */
    static String modelRootsValue(Path work, List<Path> modelRoots) {
        List<String> all = new ArrayList<>();
        all.add(work.resolve("models").toString());
        modelRoots.forEach(p -> all.add(p.toAbsolutePath().normalize().toString()));
        return String.join(",", all);
    }

    private static Map<String, String> registryEnv(Path work) {
        Map<String, String> env = new HashMap<>();
        env.put("TUNESTREAM_REGISTRY_ARTIFACT_ROOT", work.resolve("registry").toString());
        // The registry copies weights only from where the trainer and the evaluator of this stack write them.
        env.put("TUNESTREAM_REGISTRY_ARTIFACT_SOURCE_ROOTS", work.resolve("artifacts") + "," + work.resolve("evaluator"));
        env.put("TUNESTREAM_REGISTRY_AUTO_PROMOTE_DEFAULT", "true");
        // Every evaluated model becomes a version (a challenger when not blessed); only blessed ones are promoted.
        env.put("TUNESTREAM_REGISTRY_REGISTER_UNBLESSED", "true");
        return env;
    }
}
