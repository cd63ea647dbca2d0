package io.tunestream.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import io.tunestream.launcher.EmbeddedStack;
import io.tunestream.launcher.cli.StackTokens;

/**
 * What every fault works with: the live stack, a reader of its topics, the REST addresses of ingest and trainer,
 * the stack's API tokens, the run's size, the corpus file each dataset version uploads, and where progress goes.
 */
record ChaosContext(EmbeddedStack stack, StackProbe probe, URI ingest, URI trainer, StackTokens tokens, ChaosSize size,
                    Path corpus, String runId, PrintStream log) {

    /** How long a restarted service may take to be ready again. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private static final long STARTED = System.nanoTime();

    void progress(String message) {
        log.printf("[%6.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }
}
