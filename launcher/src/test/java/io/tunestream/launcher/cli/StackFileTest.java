package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.tunestream.security.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackFileTest {

    @Test
    void shouldWriteTheTokensReadableByTheOwnerOnlyWhenRecordingAStack(@TempDir Path dir) throws Exception {
        // Given
        StackTokens tokens = StackTokens.generate();
        Path file = dir.resolve(".tunestream/stack.json");

        // When
        new StackFile("127.0.0.1:9092", Map.of("registry-service", "http://127.0.0.1:1"), "tunestream.", 1L, List.of(),
                "2026-01-01T00:00:00Z", tokens.byRole()).write(file);

        // Then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(StackFile.read(file)).hasValueSatisfying(read -> assertThat(read.stackTokens()).isEqualTo(tokens));
        try (var siblings = Files.list(file.getParent())) {
            assertThat(siblings).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void shouldGenerateADistinctRandom256BitTokenPerRoleWhenAStackStarts() {
        // When
        StackTokens first = StackTokens.generate();
        StackTokens second = StackTokens.generate();

        // Then
        assertThat(first.byRole()).containsOnlyKeys(Roles.ALL);
        assertThat(first.byRole().values()).doesNotHaveDuplicates().allSatisfy(token ->
                assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32));
        assertThat(first.byRole().values()).doesNotContainAnyElementsOf(second.byRole().values());
        assertThat(first.environment()).containsEntry("TUNESTREAM_SECURITY_ADMIN_TOKEN", first.of(Roles.ADMIN).orElseThrow())
                .containsKeys("TUNESTREAM_SECURITY_PUBLISHER_TOKEN", "TUNESTREAM_SECURITY_TRAINER_TOKEN",
                        "TUNESTREAM_SECURITY_EVALUATOR_TOKEN", "TUNESTREAM_SECURITY_READER_TOKEN");
        assertThat(first.toString()).doesNotContain(first.of(Roles.ADMIN).orElseThrow());
    }

    @Test
    void shouldReadAStackFileWithoutTokensAsOneWithNone(@TempDir Path dir) throws Exception {
        // Given a stack file as an earlier launcher wrote it
        Path file = Files.writeString(dir.resolve("stack.json"), """
                {"bootstrapServers":"127.0.0.1:9092","services":{},"topicPrefix":"tunestream.","pid":1,
                 "childPids":[],"startedAt":"2026-01-01T00:00:00Z","registryToken":"old"}""");

        // Then
        assertThat(StackFile.read(file)).hasValueSatisfying(read -> assertThat(read.stackTokens().byRole()).isEmpty());
    }
}
