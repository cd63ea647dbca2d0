package io.tunestream.registry.artifact;

import io.tunestream.registry.domain.ArtifactStorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"), List.of(tmp));

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
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"), List.of(tmp));

        // When / Then
        assertThatThrownBy(() -> store.store("spam", 1, weights.toUri().toString(), "00".repeat(32)))
                .isInstanceOf(ArtifactStorer.ArtifactException.class).hasMessageContaining("SHA-256");
        try (var files = Files.list(store.root().resolve("spam/1"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void shouldRefuseMissingFilesAndOtherSchemes() {
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"), List.of(tmp));
        assertThatThrownBy(() -> store.store("spam", 1, tmp.resolve("nope").toUri().toString(), null))
                .hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> store.store("spam", 1, "http://example.org/w.bin", null))
                .hasMessageContaining("only file:");
    }

    @Test
    void shouldResolveNothingOutsideTheVersionDirectoryWhenPathsTryToEscape() throws Exception {
        // Given: a secret beside the store, a real file inside it, and a link inside pointing out
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret", StandardCharsets.UTF_8);
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"), List.of(tmp));
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

    @Test
    void shouldCopyThePeftSiblingWhenTheWeightsHaveOne() throws Exception {
        // Given weights with a PEFT export beside them, holding a nested directory and a link out
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret");
        Path weights = Files.writeString(tmp.resolve("job-1-final.safetensors"), "lora weights");
        Path peft = Files.createDirectories(tmp.resolve("job-1-final.peft"));
        Files.writeString(peft.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\"}");
        Files.writeString(peft.resolve("adapter_model.safetensors"), "adapter");
        Files.writeString(Files.createDirectories(peft.resolve("nested")).resolve("x.bin"), "nested");
        Files.createSymbolicLink(peft.resolve("link.bin"), secret);
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"), List.of(tmp));

        // When registered twice (a replay), the second time with a changed export
        store.store("spam", 2, weights.toUri().toString(), FileArtifactStore.sha256(weights));
        Files.writeString(peft.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 8}");
        store.store("spam", 2, weights.toUri().toString(), FileArtifactStore.sha256(weights));

        // Then only its plain files are in <version>/peft/, the latest copy, and nothing else is left behind
        assertThat(store.peftFiles("spam", 2)).containsExactly("peft/adapter_config.json",
                "peft/adapter_model.safetensors");
        assertThat(store.resolve("spam", 2, "peft/adapter_config.json")).hasValueSatisfying(p ->
                assertThat(p).hasContent("{\"peft_type\": \"LORA\", \"r\": 8}"));
        assertThat(store.resolve("spam", 2, "peft/link.bin")).isEmpty();
        assertThat(store.resolve("spam", 2, "peft/../../../secret.txt")).isEmpty();
        try (var files = Files.list(store.root().resolve("spam/2"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "job-1-final.safetensors", "peft");
        }
    }

    @Test
    void shouldCopyNoPeftDirectoryWhenTheWeightsHaveNone() throws Exception {
        // Given weights of a full fine-tuning (no sibling), and a .peft that is a link, not a directory
        Path weights = Files.writeString(tmp.resolve("full.safetensors"), "all weights");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("adapter_config.json"), "{}");
        Path linked = Files.writeString(tmp.resolve("linked.safetensors"), "w");
        Files.createSymbolicLink(tmp.resolve("linked.peft"), elsewhere);
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"), List.of(tmp));

        // When
        store.store("spam", 1, weights.toUri().toString(), FileArtifactStore.sha256(weights));
        store.store("spam", 2, linked.toUri().toString(), FileArtifactStore.sha256(linked));

        // Then
        assertThat(store.peftFiles("spam", 1)).isEmpty();
        assertThat(store.peftFiles("spam", 2)).isEmpty();
        assertThat(store.root().resolve("spam/2/peft")).doesNotExist();
    }

    @Test
    void shouldRefuseAndCopyNothingWhenTheSourceIsOutsideTheSourceRootsOrUnverified() throws Exception {
        // Given a source root, a canary outside it, a link inside the root to the canary, and weights inside
        Path sources = Files.createDirectories(tmp.resolve("sources"));
        Path canary = Files.writeString(tmp.resolve("stack.json"), "admin token");
        Path link = Files.createSymbolicLink(sources.resolve("weights.safetensors"), canary);
        Path weights = Files.writeString(sources.resolve("real.safetensors"), "lora");
        FileArtifactStore store = new FileArtifactStore(tmp.resolve("store"), List.of(sources));
        String canarySha = FileArtifactStore.sha256(canary);

        // When / Then
        assertThatThrownBy(() -> store.store("spam", 1, canary.toUri().toString(), canarySha))
                .isInstanceOf(ArtifactStorer.ArtifactException.class).hasMessageContaining("outside the artifact source roots");
        assertThatThrownBy(() -> store.store("spam", 1, sources.resolve("../stack.json").toUri().toString(), canarySha))
                .isInstanceOf(ArtifactStorer.ArtifactException.class).hasMessageContaining("outside the artifact source roots");
        assertThatThrownBy(() -> store.store("spam", 1, link.toUri().toString(), canarySha))
                .isInstanceOf(ArtifactStorer.ArtifactException.class).hasMessageContaining("outside the artifact source roots");
        assertThatThrownBy(() -> store.store("spam", 1, weights.toUri().toString(), null))
                .isInstanceOf(ArtifactStorer.ArtifactException.class).hasMessageContaining("no valid SHA-256");
        assertThatThrownBy(() -> store.store("spam", 1, weights.toUri().toString(), "ab".repeat(32)))
                .isInstanceOf(ArtifactStorer.ArtifactException.class).hasMessageContaining("but its evaluation announced");
        assertThatThrownBy(() -> store.store("..", 1, weights.toUri().toString(), FileArtifactStore.sha256(weights)))
                .hasMessageContaining("invalid model name");
        assertThat(canary).hasContent("admin token");
        try (var stored = Files.walk(store.root())) {
            assertThat(stored.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
