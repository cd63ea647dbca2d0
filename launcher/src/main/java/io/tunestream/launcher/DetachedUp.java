package io.tunestream.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tunestream up --detach}: runs {@code up} again as a child process that outlives this one (in its own
 * session, standard input from /dev/null, output to a log file), waits until that child says it is running, prints
 * what it printed, and returns. A script can then go on with the next command as soon as this one exits, and
 * {@code tunestream down} stops the child through the stack file it wrote.
 */
final class DetachedUp {

    /** The line {@code up} prints once every component is ready. */
    static final String READY_LINE = "running; ";

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final int TAIL_LINES = 30;

    private DetachedUp() {
    }

    /**
     * Starts {@code up} with the given arguments (without {@code --detach}) in the background and waits for it.
     *
     * @param upArgs the arguments of the detached {@code up}
     * @param log where the detached process writes its output
     * @param timeout how long to wait for it to be ready
     * @param out where its start-up output is copied once it is ready
     * @return 0 once it runs; 1 when it died or did not get ready in time (its last lines are printed)
     */
    static int start(List<String> upArgs, Path log, Duration timeout, PrintStream out)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // its own session: closing the terminal does not hang it up
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TunestreamCli.class.getName(), "up"));
        command.addAll(upArgs);
        Process child = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String printed = Files.readString(log, StandardCharsets.UTF_8);
            if (printed.contains(READY_LINE)) {
                out.print(printed.substring(0, printed.indexOf(READY_LINE)));
                out.println("running in the background (pid " + child.pid() + ", log " + log
                        + "); `tunestream down` stops it");
                return 0;
            }
            if (!child.isAlive()) {
                System.err.println("error: the stack did not start (exit " + child.exitValue() + "); the end of " + log + ":");
                System.err.println(tail(log));
                return 1;
            }
            Thread.sleep(250);
        }
        child.destroy();
        System.err.println("error: the stack was not ready within " + timeout.toSeconds() + " s; stopped it. The end of "
                + log + ":");
        System.err.println(tail(log));
        return 1;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
}
