package io.tunestream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbandonedLogDirectoriesTest {

    @Test
    void shouldDeleteOnlyOldUnlockedDirectoriesWhenSweeping(@TempDir Path parent) throws Exception {
        // Given
        Path abandoned = brokerDir(parent, "tunestream-kafka-1", Duration.ofMinutes(10));
        Path young = brokerDir(parent, "tunestream-kafka-2", Duration.ZERO);
        Path locked = brokerDir(parent, "tunestream-kafka-3", Duration.ofMinutes(10));
        Path foreign = brokerDir(parent, "other-4", Duration.ofMinutes(10));

        // When
        try (FileChannel channel = FileChannel.open(locked.resolve(".lock"), StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            AbandonedLogDirectories.sweep(parent, "tunestream-kafka-");
        }

        // Then
        assertThat(abandoned).doesNotExist();
        assertThat(young).isDirectory();
        assertThat(locked).isDirectory();
        assertThat(foreign).isDirectory();
    }

    private static Path brokerDir(Path parent, String name, Duration age) throws Exception {
        Path dir = Files.createDirectories(parent.resolve(name).resolve("__cluster_metadata-0")).getParent();
        Files.writeString(dir.resolve("meta.properties"), "node.id=1\n");
        Files.createFile(dir.resolve(".lock"));
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minus(age)));
        return dir;
    }
}
