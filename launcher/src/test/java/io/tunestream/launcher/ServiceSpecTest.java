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

    @Test
    void shouldGiveADataStageTheThroughputCollectorWithTwoThirdsOfItsHeapYoung() {
        // Given
        ServiceSpec plain = new ServiceSpec("clean-service", java.util.List.of("java", "-Xmx2304m", "-jar", "q.jar"),
                java.util.Map.of(), java.net.URI.create("http://127.0.0.1:8081/q/health/ready"));
        // When
        ServiceSpec stage = plain.withDataStageCollector("2304m");
        // Then
        assertThat(stage.command()).containsExactly("java", "-Xmx2304m", "-XX:+UseParallelGC", "-Xms2304m", "-Xmn1536m",
                "-XX:MaxTenuringThreshold=0", "-XX:SurvivorRatio=64", "-XX:-UseAdaptiveSizePolicy", "-jar", "q.jar");
        assertThat(ServiceSpec.mebibytes("3g")).isEqualTo(3072);
        assertThat(ServiceSpec.mebibytes("1048576k")).isEqualTo(1024);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceSpec.mebibytes("3q"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. 3g or 2304m: got 3q");
    }

    @Test
    void shouldKeepTheCollectorTheJvmOptionsChoose() {
        // Given
        ServiceSpec serial = new ServiceSpec("split-service", java.util.List.of("java", "-Xmx3g", "-XX:+UseSerialGC",
                "-jar", "q.jar"), java.util.Map.of(), java.net.URI.create("http://127.0.0.1:8082/q/health/ready"));
        // When / Then
        assertThat(serial.withDataStageCollector("3g")).isEqualTo(serial);
    }
}
