package io.tunestream.launcher.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tunestream.launcher.TunestreamCli;

/**
 * One CLI invocation as a person makes it: a real JVM process running {@link TunestreamCli#main}, whose stdout,
 * stderr and exit code are what a terminal would show. An in-process run with captured writers once hid commands
 * that printed nothing (picocli flushes on println only, and the JVM exited first).
 */
record CliRun(int exitCode, String out, String err) {

    private static final long LIMIT_MINUTES = 14;

    /** Runs {@code tunestream args...} typed in the test's working directory, with no standard input. */
    static CliRun of(String... args) {
        return in(null, null, args);
    }

    /**
     * Runs {@code tunestream args...} as a process, the way the {@code tunestream} script starts it: in the module
     * directory, told the directory the person typed the command in.
     *
     * @param callerDir the directory the command is typed in, or null for the process's own
     * @param stdin what is piped to its standard input, or null for none
     * @param args the command's arguments
     * @return what it printed and its exit code
     */
    static CliRun in(Path callerDir, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                TunestreamCli.class.getName()));
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("cli-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().remove(UserFiles.CALLER_DIR_ENV);
            if (callerDir != null) {
                builder.environment().put(UserFiles.CALLER_DIR_ENV, callerDir.toString());
            }
            Process process = builder.start();
            // read stdout while the process runs, so a full pipe never blocks it
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("tunestream " + String.join(" ", args) + " ran past " + LIMIT_MINUTES + " min");
            }
            CliRun run = new CliRun(process.exitValue(), out.join(), Files.readString(err));
            Files.deleteIfExists(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code args} followed by {@code more}. */
    static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
