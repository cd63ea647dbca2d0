package io.tunestream.k8s;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Kustomize} says why it rendered nothing: kubectl missing, or Kustomize's own error. */
class KustomizeTest {

    private static final Path BASE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
            .resolve("base");

    @Test
    void shouldSayKubectlIsMissingWhenItCannotBeRun() {
        // Given a kubectl that is not installed, when rendering, then the error says what is missing and why
        assertThatThrownBy(() -> Kustomize.build("kubectl-that-is-not-installed", BASE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot run kubectl-that-is-not-installed")
                .hasMessageContaining("`kubectl kustomize`").hasMessageContaining("Install kubectl");
    }

    @Test
    void shouldReportKustomizesOwnErrorWhenAKustomizationIsBroken(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - deployment-that-does-not-exist.yaml\n");

        // When / Then
        assertThatThrownBy(() -> Kustomize.build(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kubectl kustomize " + dir).hasMessageContaining("failed (exit 1)")
                .hasMessageContaining("deployment-that-does-not-exist.yaml");
    }
}
