package io.tunestream.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Polls a readiness URL until it answers 200, the process behind it dies, or a deadline passes. */
final class ReadinessProbe {

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Returns normally once {@code url} answered 200; throws if {@code process} exits or time runs out. */
    void await(URI url, ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process " + process.pid() + " exited before " + url + " was ready");
            }
            lastStatus = status(url);
            if (lastStatus == 200) {
                return;
            }
            LockSupport.parkNanos(INTERVAL.toNanos());
        }
        throw new IllegalStateException(url + " did not answer 200 within " + timeout
                + (lastStatus > 0 ? " (last status " + lastStatus + ")" : " (no answer)"));
    }

    private int status(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + url, e);
        }
    }
}
