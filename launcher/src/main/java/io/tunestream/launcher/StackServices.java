package io.tunestream.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.tunestream.kafka.embedded.FreePort;

/**
 * The service modules of the stack, found as built Quarkus fast-jars ({@code <module>/target/quarkus-app/quarkus-run.jar})
 * under a project directory. A module without a built jar is skipped with a message saying how to build it.
 */
public final class StackServices {

    /** Service modules in pipeline order. */
    public static final List<String> MODULES = List.of("ingest-service", "clean-service", "split-service",
            "augment-service");

    private StackServices() {
    }

    /** The services whose runnable jar exists under {@code projectDir}, each on a free HTTP port. */
    public static List<ServiceSpec> discover(Path projectDir, Consumer<String> messages) {
        List<ServiceSpec> services = new ArrayList<>();
        for (String module : MODULES) {
            Path jar = projectDir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(jar)) {
                services.add(ServiceSpec.quarkusJar(module, jar, FreePort.pick()));
            } else {
                messages.accept("skipped " + module + ": no runnable jar at " + jar
                        + " (build it with ./mvnw -pl " + module + " -am package -DskipTests)");
            }
        }
        return services;
    }
}
