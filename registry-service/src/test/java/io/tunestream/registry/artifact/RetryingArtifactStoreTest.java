package io.tunestream.registry.artifact;

import io.tunestream.registry.domain.ArtifactStorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transient I/O failures of an artifact copy are tried again with doubling pauses; refusals are not. */
class RetryingArtifactStoreTest {

    @TempDir
    Path tmp;

    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void shouldStoreOnALaterTryWhenTheStoreWasBlockedByAnIoErrorThatGoesAway() throws Exception {
        // Given: a real store whose version directory cannot be created (a file stands in its place) until the
        // first pause, where the "operator" frees it
        Path weights = Files.writeString(tmp.resolve("adapter.safetensors"), "lora weights");
        FileArtifactStore files = new FileArtifactStore(tmp.resolve("store"), List.of(tmp));
        Path blocker = Files.writeString(files.root().resolve("spam"), "not a directory");
        RetryingArtifactStore store = new RetryingArtifactStore(files, 5, Duration.ofSeconds(1), Duration.ofSeconds(8),
                d -> {
                    pauses.add(d);
                    try {
                        Files.delete(blocker);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });

        // When
        ArtifactStorer.StoredArtifact stored = store.store("spam", 1, weights.toUri().toString(),
                FileArtifactStore.sha256(weights));

        // Then
        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
        assertThat(Files.readString(files.root().resolve("spam/1/adapter.safetensors"))).isEqualTo("lora weights");
        assertThat(stored.sha256()).isEqualTo(FileArtifactStore.sha256(weights));
    }

    @Test
    void shouldGiveUpAfterTheLastTryAndSayHowManyWhenTheIoErrorStays() throws Exception {
        // Given
        Path weights = Files.writeString(tmp.resolve("adapter.safetensors"), "lora weights");
        FileArtifactStore files = new FileArtifactStore(tmp.resolve("store"), List.of(tmp));
        Files.writeString(files.root().resolve("spam"), "not a directory");
        RetryingArtifactStore store = new RetryingArtifactStore(files, 5, Duration.ofSeconds(1), Duration.ofSeconds(8),
                pauses::add);

        // When / Then
        assertThatThrownBy(() -> store.store("spam", 1, weights.toUri().toString(), FileArtifactStore.sha256(weights)))
                .isInstanceOfSatisfying(RetryingArtifactStore.ArtifactStoreRetriesExhausted.class,
                        e -> assertThat(e.attempts()).isEqualTo(5))
                .hasMessageContaining("tried 5 times");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
    }

    @Test
    void shouldRefuseAtOnceWhenAnotherTryCannotHelp() throws Exception {
        // Given: a checksum that does not match
        Path weights = Files.writeString(tmp.resolve("adapter.bin"), "tampered");
        RetryingArtifactStore store = new RetryingArtifactStore(
                new FileArtifactStore(tmp.resolve("store"), List.of(tmp)), 5, Duration.ofSeconds(1),
                Duration.ofSeconds(8), pauses::add);

        // When / Then
        assertThatThrownBy(() -> store.store("spam", 1, weights.toUri().toString(), "00".repeat(32)))
                .isInstanceOf(ArtifactStorer.ArtifactException.class)
                .isNotInstanceOf(RetryingArtifactStore.ArtifactStoreRetriesExhausted.class)
                .hasMessageContaining("SHA-256");
        assertThat(pauses).isEmpty();
    }

    @Test
    void shouldCapThePauseWhenItKeepsDoubling() {
        RetryingArtifactStore store = new RetryingArtifactStore((n, v, u, s) -> null, 10, Duration.ofMillis(500),
                Duration.ofSeconds(3), pauses::add);

        assertThat(List.of(2, 3, 4, 5, 6)).extracting(store::pauseBefore).containsExactly(Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }
}
