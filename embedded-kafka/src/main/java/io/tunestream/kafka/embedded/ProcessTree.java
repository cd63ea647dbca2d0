package io.tunestream.kafka.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and all its descendants: a polite SIGTERM first (so shutdown hooks run and temporary files go),
 * then SIGKILL for whatever is still alive after the grace period.
 */
public final class ProcessTree {

    private ProcessTree() {
    }

    /** Stops {@code root} and its descendants; returns once all of them have exited or were killed. */
    public static void destroy(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            if (!awaitExit(handle, grace)) {
                handle.destroyForcibly();
                awaitExit(handle, Duration.ofSeconds(5));
            }
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        CompletableFuture<ProcessHandle> exit = handle.onExit();
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (ExecutionException e) {
            return !handle.isAlive();
        }
    }
}
