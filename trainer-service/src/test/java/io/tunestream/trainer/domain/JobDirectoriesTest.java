package io.tunestream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobDirectoriesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "%2e%2e", "a/..", "/etc", "..\\x"})
    void shouldRefuseAndDeleteNothingWhenJobIdWouldEscape(String jobId) throws IOException {
        // Given a work root with a canary, and a canary beside the root
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path inside = Files.writeString(work.resolve("canary.txt"), "inside");
        Path outside = Files.writeString(tmp.resolve("canary.txt"), "outside");
        JobDirectories dirs = new JobDirectories(work, tmp.resolve("resume"));
        // When / Then
        assertThatThrownBy(() -> dirs.deleteWorkDir(jobId)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dirs.workDir(jobId)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dirs.resumeStore(jobId)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readString(inside)).isEqualTo("inside");
        assertThat(Files.readString(outside)).isEqualTo("outside");
    }

    @Test
    void shouldNotFollowALinkOutOfTheRootWhenDeletingAJobDirectory() throws IOException {
        // Given a job directory that is a link to a directory outside the root holding a canary
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path canary = Files.writeString(elsewhere.resolve("canary.txt"), "outside");
        Files.createSymbolicLink(work.resolve("job-1"), elsewhere);
        JobDirectories dirs = new JobDirectories(work, tmp.resolve("resume"));
        // When / Then
        assertThatThrownBy(() -> dirs.deleteWorkDir("job-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leads out of");
        assertThat(Files.readString(canary)).isEqualTo("outside");
    }

    @Test
    void shouldDeleteOnlyTheJobsOwnDirectoryWhenTheJobIdIsValid() throws IOException {
        // Given two jobs' directories
        Path work = Files.createDirectories(tmp.resolve("work"));
        JobDirectories dirs = new JobDirectories(work, tmp.resolve("resume"));
        Files.createDirectories(dirs.workDir("job-1")).resolve("x");
        Files.writeString(dirs.workDir("job-1").resolve("best.safetensors"), "w");
        Path other = Files.writeString(Files.createDirectories(dirs.workDir("job-2")).resolve("best.safetensors"), "w");
        // When
        dirs.deleteWorkDir("job-1");
        // Then
        assertThat(work.resolve("job-1")).doesNotExist();
        assertThat(other).exists();
        assertThat(dirs.resumeStore("job-1").stateFile(3)).isEqualTo(tmp.resolve("resume/job-1/resume/state-3.safetensors"));
    }
}
