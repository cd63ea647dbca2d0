package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walk-through as a new user types it: every command of the fenced block after the README's
 * {@code <!-- walkthrough} marker runs through bash and the real {@code ./tunestream} script, one after the other,
 * in a directory laid out like a built checkout (the script, and each module's {@code target/} of this build). It
 * runs after {@code package} (failsafe), because the script starts {@code launcher/target/launcher.jar}. A README
 * edit that breaks a command breaks the build.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ReadmeWalkthroughIT {

    private static final String MARKER = "<!-- walkthrough:";
    private static final long COMMAND_LIMIT_MINUTES = 8;

    @Test
    void shouldRunEveryCommandOfTheReadmeWalkthroughAsWritten(@TempDir Path checkout) throws Exception {
        // Given the README's walk-through and a directory laid out like a built checkout
        Path root = Path.of("..").toRealPath();
        List<String> commands = walkthrough(root.resolve("README.md"));
        assertThat(commands).as("the README's walk-through").hasSizeGreaterThan(3);
        layOut(root, checkout);

        // When each command runs there, as typed
        Map<String, Run> runs = new LinkedHashMap<>();
        try {
            for (String command : commands) {
                Run run = bash(checkout, command);
                runs.put(command, run);
                System.out.println("$ " + command + "\n" + run.output());
                assertThat(run.exit()).as("exit code of `%s`; it printed:%n%s", command, run.output()).isZero();
            }
        } finally {
            if (Files.exists(checkout.resolve(".tunestream/stack.json"))) {
                bash(checkout, "./tunestream down");
            }
        }

        // Then each command printed what the README says it shows
        assertThat(output(runs, "./tunestream up")).contains("kafka", "trainer-service", "running in the background");
        assertThat(output(runs, "./tunestream sample")).contains("wrote ");
        assertThat(output(runs, "./tunestream datasets")).contains("mail");
        assertThat(output(runs, "./tunestream train")).contains("SUCCEEDED", "evaluated on", "registered spam-filter version 1");
        assertThat(output(runs, "./tunestream models spam-filter")).contains("champion", "mail@1");
        assertThat(output(runs, "./tunestream models --base")).contains("bundled:all-minilm-l6-v2", "bundled:bge-small-zh-v1.5");
        List<String> scored = output(runs, "./tunestream score").lines().filter(l -> l.startsWith("{")).toList();
        assertThat(scored).as("one JSON line per text").hasSize(2);
        assertThat(scored.get(1)).as("the README's spam example").contains("\"label\":\"spam\"");
        assertThat(output(runs, "./tunestream down")).contains("stopping the stack");
        assertThat(checkout.resolve(".tunestream/stack.json")).doesNotExist();
    }

    /** The commands of the README's walk-through block, with backslash-continued lines joined. */
    static List<String> walkthrough(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int marker = -1;
        for (int i = 0; i < lines.size() && marker < 0; i++) {
            if (lines.get(i).startsWith(MARKER)) {
                marker = i;
            }
        }
        assertThat(marker).as("the README has a line starting with " + MARKER).isNotNegative();
        assertThat(lines.get(marker + 1)).as("a fenced bash block follows the marker").isEqualTo("```bash");
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = marker + 2; !lines.get(i).equals("```"); i++) {
            String line = lines.get(i);
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else if (!line.isBlank() || current.length() > 0) {
                commands.add(current.append(line).toString().strip());
                current.setLength(0);
            }
        }
        return commands;
    }

    /** The real script, a copy, beside a link to the {@code target/} of every built module of this checkout. */
    private static void layOut(Path root, Path checkout) throws IOException {
        Files.copy(root.resolve("tunestream"), checkout.resolve("tunestream"), StandardCopyOption.COPY_ATTRIBUTES);
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))
                    && Files.isDirectory(m.resolve("target"))).toList()) {
                Path copy = Files.createDirectories(checkout.resolve(module.getFileName()));
                Files.createSymbolicLink(copy.resolve("target"), module.resolve("target"));
            }
        }
        assertThat(checkout.resolve("launcher/target/launcher.jar")).as("built by `package` before this test").exists();
    }

    private static String output(Map<String, Run> runs, String prefix) {
        return runs.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(e -> e.getValue().output())
                .findFirst().orElseThrow(() -> new AssertionError("the walk-through has no `" + prefix + "` command"));
    }

    private record Run(int exit, String output) {
    }

    private static Run bash(Path dir, String command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("walkthrough", ".txt");
        Process process = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!process.waitFor(COMMAND_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("`" + command + "` still ran after " + COMMAND_LIMIT_MINUTES + " min:\n"
                    + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Run(process.exitValue(), output);
    }
}
