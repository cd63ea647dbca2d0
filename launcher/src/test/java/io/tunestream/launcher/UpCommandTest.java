package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class UpCommandTest {

    @Test
    void shouldStartAndStopStackWhenAskedToStopWhenReady(@TempDir Path project) {
        // Given
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exitCode;

        // When
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exitCode = TunestreamCli.commandLine().execute("up", "--in-process", "--stop-when-ready",
                    "--project-dir", project.toString(), "--topic-prefix", "cli.", "--partitions", "2");
        } finally {
            System.setOut(original);
        }

        // Then
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).isZero();
        assertThat(printed).contains("skipped ingest-service", "topics: 32 created", "COMPONENT", "kafka",
                "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:", "stopped");
    }
}
