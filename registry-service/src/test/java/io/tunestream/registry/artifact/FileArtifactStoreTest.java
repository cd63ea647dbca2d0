package io.tunestream.registry.artifact;

import io.tunestream.registry.domain.ArtifactStorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileArtifactStoreTest {

    @TempDir
    Path tmp;

    @Test
    void shouldCopyAndVerifyWeightsWhenTheChecksumMatches() throws Exception {
        // Given
        Path weights = Files.writeString(tmp.resolve("adapter.safetensors"), "lora weights");
        String sha = FileArtifactStore.sha256(weights);
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"));

        // When
        ArtifactStorer.StoredArtifact stored = store.store("spam", 3, weights.toUri().toString(), sha);

        // Then
        Path copy = store.root().resolve("spam/3/adapter.safetensors");
        assertThat(stored.sha256()).isEqualTo(sha).hasSize(64);
        assertThat(stored.uri()).isEqualTo(copy.toUri().toString());
        assertThat(Files.readString(copy)).isEqualTo("lora weights");
        assertThat(store.resolveUri("spam", 3, stored.uri())).contains(copy);
    }

    @Test
    void shouldRefuseAndLeaveNothingWhenTheChecksumDiffers() throws Exception {
        // Given
        Path weights = Files.writeString(tmp.resolve("adapter.bin"), "tampered");
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"));

        // When / Then
        assertThatThrownBy(() -> store.store("spam", 1, weights.toUri().toString(), "00".repeat(32)))
                .isInstanceOf(ArtifactStorer.ArtifactException.class).hasMessageContaining("SHA-256");
        try (var files = Files.list(store.root().resolve("spam/1"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void shouldRefuseMissingFilesAndOtherSchemes() {
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"));
        assertThatThrownBy(() -> store.store("spam", 1, tmp.resolve("nope").toUri().toString(), null))
                .hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> store.store("spam", 1, "http://example.org/w.bin", null))
                .hasMessageContaining("only file:");
    }

    @Test
    void shouldResolveNothingOutsideTheVersionDirectoryWhenPathsTryToEscape() throws Exception {
        // Given: a secret beside the store, a real file inside it, and a link inside pointing out
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret", StandardCharsets.UTF_8);
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"));
        Path dir = Files.createDirectories(store.root().resolve("spam/1"));
        Files.writeString(dir.resolve("weights.bin"), "w");
        Files.createSymbolicLink(dir.resolve("link.bin"), secret);

        // When / Then
        assertThat(store.resolve("spam", 1, "weights.bin")).contains(dir.resolve("weights.bin"));
        assertThat(store.resolve("spam", 1, "../../../secret.txt")).isEmpty();
        assertThat(store.resolve("spam", 1, "..%2F..%2Fsecret.txt")).isEmpty();
        assertThat(store.resolve("spam", 1, secret.toString())).isEmpty();
        assertThat(store.resolve("spam", 1, "link.bin")).isEmpty();
        assertThat(store.resolve("..", 1, "secret.txt")).isEmpty();
        assertThat(store.resolve("spam", 1, ".")).isEmpty();
        assertThat(store.resolveUri("spam", 1, secret.toUri().toString())).isEmpty();
    }
}
