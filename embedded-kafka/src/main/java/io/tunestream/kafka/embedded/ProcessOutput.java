package io.tunestream.kafka.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Follows a child process's output on a daemon thread: completes {@link #ready()} with the text after the ready
 * prefix, echoes other lines to standard error with a tag, and keeps the last lines for error messages.
 */
public final class ProcessOutput {

    private static final int TAIL_LINES = 40;

    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();

    private ProcessOutput() {
    }

    /**
     * Starts following {@code process}'s standard output.
     *
     * @param tag         prefix of echoed lines, e.g. {@code "[kafka] "}
     * @param readyPrefix the line prefix that announces readiness; {@code null} if the process prints none
     */
    public static ProcessOutput follow(Process process, String tag, String readyPrefix) {
        ProcessOutput output = new ProcessOutput();
        Thread reader = new Thread(() -> output.pump(process, tag, readyPrefix), "output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    /** Completes with the text after the ready prefix, or exceptionally if the output ends first. */
    public CompletableFuture<String> ready() {
        return ready;
    }

    /** The last lines seen, oldest first. */
    public synchronized List<String> tail() {
        return new ArrayList<>(tail);
    }

    private void pump(Process process, String tag, String readyPrefix) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (readyPrefix != null && line.startsWith(readyPrefix)) {
                    ready.complete(line.substring(readyPrefix.length()).trim());
                } else {
                    remember(line);
                    System.err.println(tag + line);
                }
            }
        } catch (IOException e) {
            remember("(output unreadable: " + e.getMessage() + ")");
        }
        ready.completeExceptionally(new IllegalStateException("process " + process.pid() + " ended its output"));
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }
}
