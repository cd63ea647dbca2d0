package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServiceSpecTest {

    @Test
    void shouldSplitTheServiceJvmOptionsAtWhitespaceAndTakeNoneWhenUnsetOrBlank() {
        assertThat(ServiceSpec.jvmOptions(" -XX:TieredStopAtLevel=1   -XX:+UseSerialGC\t"))
                .containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(ServiceSpec.jvmOptions(null)).isEmpty();
        assertThat(ServiceSpec.jvmOptions("  ")).isEmpty();
    }

    @Test
    void shouldPutTheEnvironmentsJvmOptionsBetweenTheHeapAndTheJar() {
        // Given what this test JVM was started with (the launcher's pom sets it for the test stacks)
        List<String> options = ServiceSpec.jvmOptions(System.getenv(ServiceSpec.JVM_OPTIONS_ENV));

        // When
        List<String> command = ServiceSpec.quarkusJar("clean-service", Path.of("clean.jar"), 8080, "3g").command();

        // Then
        assertThat(command.subList(1, command.size())).startsWith("-Xmx3g").endsWith("-jar",
                Path.of("clean.jar").toAbsolutePath().toString());
        assertThat(command.subList(2, command.size() - 2)).containsExactlyElementsOf(options);
    }
}
