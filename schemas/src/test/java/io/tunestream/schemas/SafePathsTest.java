package io.tunestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathsTest {

    @TempDir
    Path tmp;
    Path root;
    Path canary;
    FileTime canaryAccessed;

    @BeforeEach
    void canaryOutsideTheRoot() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        canary = Files.writeString(tmp.resolve("secret.txt"), "canary");
        canaryAccessed = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(canary, canaryAccessed);
        Files.setAttribute(canary, "lastAccessTime", canaryAccessed);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "a/..", "../secret.txt", "%2e%2e", "/etc/passwd", "", "a\\..\\.."})
    void shouldRefuseASegmentThatCouldLeaveTheRoot(String segment) throws IOException {
        // When / Then
        assertThatThrownBy(() -> SafePaths.resolveUnder(root, segment)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafePaths.deleteTreeUnder(root, segment)).isInstanceOf(IllegalArgumentException.class);
        assertCanaryUntouched();
        assertThat(root).exists();
    }

    @Test
    void shouldRefuseALinkInsideTheRootThatPointsOutside() throws IOException {
        // Given root/models -> tmp (outside the root), and a file link root/weights -> the canary
        Files.createSymbolicLink(root.resolve("models"), tmp);
        Files.createSymbolicLink(root.resolve("weights"), canary);
        // When / Then: through the directory link, to the file link itself, and deleting through either
        assertThatThrownBy(() -> SafePaths.resolveUnder(root, "models", "secret.txt"))
                .isInstanceOf(SafePaths.UnsafePathException.class).hasMessageContaining("leads out of");
        assertThatThrownBy(() -> SafePaths.resolveUnder(root, "models", "new-file"))
                .isInstanceOf(SafePaths.UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.resolveUnder(root, "weights"))
                .isInstanceOf(SafePaths.UnsafePathException.class);
        assertThatThrownBy(() -> SafePaths.deleteTreeUnder(root, "models"))
                .isInstanceOf(SafePaths.UnsafePathException.class);
        assertCanaryUntouched();
    }

    @Test
    void shouldRefuseADanglingLinkThatWouldCreateAFileOutside() throws IOException {
        // Given root/out -> a file that does not exist yet, outside the root
        Files.createSymbolicLink(root.resolve("out"), tmp.resolve("created-outside.txt"));
        // When / Then
        assertThatThrownBy(() -> SafePaths.resolveUnder(root, "out")).isInstanceOf(SafePaths.UnsafePathException.class);
        assertThat(tmp.resolve("created-outside.txt")).doesNotExist();
    }

    @Test
    void shouldResolveAndDeleteOnlyUnderTheRootWhenSegmentsAreSafe() throws IOException {
        // Given
        Path job = SafePaths.resolveUnder(root, "job-1", "state-3.safetensors");
        Files.createDirectories(job.getParent());
        Files.writeString(job, "w");
        Files.createSymbolicLink(job.resolveSibling("link-out"), tmp); // deleted as a link, never followed
        // When
        boolean deleted = SafePaths.deleteTreeUnder(root, "job-1");
        // Then
        assertThat(job).isEqualTo(root.toAbsolutePath().resolve("job-1/state-3.safetensors"));
        assertThat(deleted).isTrue();
        assertThat(root.resolve("job-1")).doesNotExist();
        assertThat(SafePaths.deleteTreeUnder(root, "job-1")).isFalse();
        assertCanaryUntouched();
        assertThat(SafePaths.resolveUnder(tmp.resolve("not-yet"), "x")).isEqualTo(tmp.resolve("not-yet/x"));
    }

    private void assertCanaryUntouched() throws IOException {
        assertThat(canary).exists();
        assertThat(Files.getLastModifiedTime(canary)).isEqualTo(canaryAccessed);
        assertThat(Files.getAttribute(canary, "lastAccessTime")).isEqualTo(canaryAccessed);
        assertThat(Files.readString(canary)).isEqualTo("canary");
        Files.setAttribute(canary, "lastAccessTime", canaryAccessed); // our own read above is not the code's
    }
}
