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

    /** Every topic of the stack and its dead-letter topics, as the launcher creates them. */
    private static final int ALL_TOPICS = StackTopics.defaults().topics().size();

    /** Runs {@code up ... --stop-when-ready} in this JVM with no service built; returns what it printed. */
    private static String upUntilReady(Path project, String... more) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exitCode;
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("up", "--in-process",
                "--stop-when-ready", "--project-dir", project.toString(), "--work-dir", project.resolve("work").toString(),
                "--stack-file", project.resolve("work/stack.json").toString(), "--log-dir",
                project.resolve("work/logs").toString(), "--topic-prefix", "cli.", "--partitions", "2"));
        args.addAll(java.util.List.of(more));
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exitCode = TunestreamCli.commandLine().execute(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(printed).isZero();
        return printed;
    }

    @Test
    void shouldStartAndStopStackWhenAskedToStopWhenReady(@TempDir Path project) {
        // When
        String printed = upUntilReady(project);

        // Then
        assertThat(printed).contains("skipped ingest-service", "topics: " + ALL_TOPICS + " created", "COMPONENT", "kafka",
                "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:", "stopped");
        assertThat(project.resolve("work/stack.json")).as("removed when the stack stops").doesNotExist();
    }

    @Test
    void shouldKeepTheBrokersDataAcrossRestartsUnlessFresh(@TempDir Path project) {
        // Given a stack that created its topics, then stopped
        upUntilReady(project);

        // When it starts again on the same work directory, then once more with --fresh
        String again = upUntilReady(project);
        String fresh = upUntilReady(project, "--fresh");

        // Then the second start found every topic (the broker's data was kept), the fresh one created them anew
        assertThat(again).contains("topics: 0 created").doesNotContain("--fresh");
        assertThat(fresh).contains("--fresh: forgot earlier runs", "topics: " + ALL_TOPICS + " created");
    }
}
