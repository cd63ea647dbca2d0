package io.tunestream.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tunestream down}: stops the stack {@code tunestream up} started, as Ctrl-C would (SIGTERM to the {@code up}
 * process, whose shutdown hook stops services and broker), then kills whatever child outlived it.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the embedded stack started by `tunestream up` (exit 1 when none runs).")
public final class DownCommand extends CliCommand {

    @Option(names = "--stack-file", defaultValue = StackFile.DEFAULT_PATH, paramLabel = "PATH",
            description = "Stack file written by `tunestream up` (default: ${DEFAULT-VALUE}).")
    Path stackFile;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to wait for a clean stop before killing (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    int execute() throws Exception {
        StackFile stack = StackFile.read(stackFile).orElseThrow(() ->
                new CliException("no stack running (no stack file at " + stackFile + ")"));
        boolean wasRunning = stack.alive();
        if (wasRunning) {
            ProcessHandle up = ProcessHandle.of(stack.pid()).orElseThrow();
            out().println("stopping the stack of pid " + stack.pid() + " ...");
            out().flush();
            up.destroy();
            try {
                up.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                err().println("pid " + stack.pid() + " did not stop within " + timeoutSeconds + "s: killing it");
                up.destroyForcibly();
            }
        }
        int killed = killLeftovers(stack.childPids());
        Files.deleteIfExists(stackFile);
        if (!wasRunning) {
            out().println("the stack of pid " + stack.pid() + " was not running; removed its stack file"
                    + (killed > 0 ? " and killed " + killed + " leftover process(es)" : ""));
            return CliException.FAILURE;
        }
        out().println("stopped" + (killed > 0 ? "; killed " + killed + " leftover process(es)" : ""));
        return 0;
    }

    private static int killLeftovers(List<Long> pids) {
        int killed = 0;
        for (long pid : pids) {
            // a pid reused since by something that is not a JVM is left alone
            ProcessHandle handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.contains("java")).orElse(true)).orElse(null);
            if (handle != null) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
                handle.onExit().join();
                killed++;
            }
        }
        return killed;
    }
}
