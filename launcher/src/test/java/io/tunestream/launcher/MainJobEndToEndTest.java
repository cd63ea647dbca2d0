package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The main job as a user runs it: {@code tunestream demo} starts the broker and all seven service JVMs, ingests a
 * quarter of SpamAssassin, prepares it, fine-tunes MiniLM with LoRA, evaluates, registers and promotes. The slow suite
 * runs it twice (same work directory, so the same broker data): the second run yields version 2, A/B-tested against
 * champion 1 (EvaluatorServiceTest covers the A/B decision in the default run). Small settings (24 steps, 64 tokens)
 * keep it to a few minutes; the README's demo uses the full corpus.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class MainJobEndToEndTest {

    private static final Pattern REGISTERED = Pattern.compile("registered spam-filter version (\\d+), aliases (\\[.*])");
    private static final Pattern ACCURACY = Pattern.compile("test set +(\\d+) records: accuracy ([0-9.]+)");

    @Test
    void shouldRegisterChampionWithARealModelWhenDemoRuns(@TempDir Path work) throws Exception {
        // Given the built services and an empty work directory
        // When
        Run first = run(args(work));
        // Then
        assertChampion(first);
        // and nothing is left running
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    @Test
    @Tag("slow")
    void shouldRegisterChampionThenABTestedSecondVersionWhenDemoRunsTwice(@TempDir Path work) throws Exception {
        // Given the built services and an empty work directory
        // When
        Run first = run(args(work));
        Run second = run(args(work));
        // Then the first run registers version 1 as champion with a real model
        assertChampion(first);
        // and the second run registers version 2, compared with champion 1 on the same test records
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(find(REGISTERED, second.output()).group(1)).isEqualTo("2");
        assertThat(second.output()).contains("vs champion v1: mcnemar-exact p = ").contains("(seed 43)");
        assertThat(second.output()).contains("topics: 0 created");
        // and nothing is left running
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    private static String[] args(Path work) {
        return new String[] {"demo", "--project-dir", "..", "--work-dir", work.toString(), "--fraction", "0.25",
                "--steps", "24", "--eval-every", "12", "--max-length", "64", "--stage-timeout", "480"};
    }

    private static void assertChampion(Run first) throws Exception {
        assertThat(first.exit()).as(first.output()).isZero();
        Matcher v1 = find(REGISTERED, first.output());
        assertThat(v1.group(1)).isEqualTo("1");
        assertThat(v1.group(2)).contains("champion");
        Matcher accuracy = find(ACCURACY, first.output());
        assertThat(Double.parseDouble(accuracy.group(2))).as("test accuracy of 24 LoRA steps").isGreaterThan(0.75);
        assertThat(first.output()).contains("no champion yet");
        Path report = Path.of(find(Pattern.compile("report +(\\S+\\.html)"), first.output()).group(1));
        assertThat(Files.readString(report)).contains("<img", "spam-filter");
    }

    private record Run(int exit, String output) {
    }

    private static Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new TeeStream(captured, original), true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new TunestreamCli()).execute(args);
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private static Matcher find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("'" + pattern + "' in:\n" + text).isTrue();
        return m;
    }

    /** Writes to the capture and to the console, so a CI log shows the demo's progress. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
