package io.tunestream.launcher.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Reads a {@code text/event-stream} body as the HTML standard defines it: {@code event:} names the event
 * ({@code message} when absent), {@code data:} lines are joined by newlines, a blank line dispatches, lines starting
 * with {@code :} are comments.
 */
final class ServerSentEvents {

    private ServerSentEvents() {
    }

    /**
     * @param timeout how long the whole stream may take (zero: no limit)
     * @return true when the stream ended or {@code onEvent} answered false; false when the time ran out (the
     *     stream is then closed, and its reading thread, a daemon, ends with it or with the process)
     */
    static boolean read(InputStream body, Duration timeout, Predicate<ServiceClient.ServerSentEvent> onEvent)
            throws IOException, InterruptedException {
        CompletableFuture<Boolean> reading = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                reading.complete(dispatch(lines, onEvent));
            } catch (IOException | RuntimeException e) {
                reading.completeExceptionally(e);
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            return timeout.isZero() ? reading.get() : reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            body.close();
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    private static boolean dispatch(BufferedReader lines, Predicate<ServiceClient.ServerSentEvent> onEvent)
            throws IOException {
        String name = null;
        StringBuilder data = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty()) {
                if (data != null && !onEvent.test(new ServiceClient.ServerSentEvent(name == null ? "message" : name,
                        data.toString()))) {
                    return true;
                }
                name = null;
                data = null;
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                if (field.equals("event")) {
                    name = value;
                } else if (field.equals("data")) {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        }
        return true;
    }
}
