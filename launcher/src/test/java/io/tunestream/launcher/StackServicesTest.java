package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackServicesTest {

    @Test
    void shouldSkipServicesWithoutRunnableJarWhenDiscovering(@TempDir Path project) throws Exception {
        // Given
        Path jar = project.resolve("clean-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");
        List<String> messages = new ArrayList<>();

        // When
        List<ServiceSpec> services = StackServices.discover(project, messages::add);

        // Then
        assertThat(services).extracting(ServiceSpec::name).containsExactly("clean-service");
        assertThat(services.get(0).command()).contains("-jar", jar.toAbsolutePath().toString());
        assertThat(services.get(0).readinessUrl().getPath()).isEqualTo("/q/health/ready");
        assertThat(messages).hasSize(StackServices.MODULES.size() - 1).allMatch(m -> m.startsWith("skipped "))
                .anyMatch(m -> m.contains("ingest-service") && m.contains("quarkus-run.jar"));
    }

    @Test
    void shouldLetTheRegistryCopyOnlyFromTheTrainerAndEvaluatorArtifactDirsWhenTheStackIsBuilt(@TempDir Path project)
            throws Exception {
        // Given runnable jars of the three services that hand artifacts to each other
        for (String module : List.of("trainer-service", "evaluator-service", "registry-service")) {
            Path jar = project.resolve(module + "/target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "not really a jar");
        }

        // When
        List<ServiceSpec> services = StackServices.discover(project, m -> { });

        // Then the registry's source roots are exactly the directories the trainer and evaluator write to
        var env = new java.util.HashMap<String, String>();
        services.forEach(s -> env.putAll(s.env()));
        assertThat(env.get("TUNESTREAM_REGISTRY_ARTIFACT_SOURCE_ROOTS").split(",")).containsExactly(
                env.get("TUNESTREAM_TRAINER_ARTIFACT_DIR"), env.get("TUNESTREAM_EVALUATOR_WORK_DIR"));
    }

    @Test
    void shouldLetTrainerAndEvaluatorLoadBaseModelsFromTheUsersRootsWhenGiven(@TempDir Path project) throws Exception {
        // Given runnable jars of the two services that load base models
        for (String module : List.of("trainer-service", "evaluator-service")) {
            Path jar = project.resolve(module + "/target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "not really a jar");
        }
        Path work = project.resolve(".tunestream");

        // When
        List<ServiceSpec> services = StackServices.discover(project, StackServices.MODULES, work,
                io.tunestream.launcher.cli.StackTokens.generate(), List.of(Path.of("/srv/hf-models")), m -> { });

        // Then both get <work>/models and the user's root, absolute
        assertThat(services).hasSize(2).allSatisfy(s -> assertThat(s.env().get("TUNESTREAM_MODELS_ROOTS"))
                .isEqualTo(work.toAbsolutePath().resolve("models") + ",/srv/hf-models"));
    }
}
