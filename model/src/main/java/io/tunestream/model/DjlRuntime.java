package io.tunestream.model;

import java.nio.file.Path;

/**
 * Process-wide DJL settings applied before the PyTorch engine starts: offline mode (no
 * telemetry, no downloads) and a stable cache directory so libtorch is unpacked once per user
 * rather than once per build.
 */
public final class DjlRuntime {

    /** Default cache directory for libtorch and tokenizer natives. */
    public static final Path DEFAULT_CACHE_DIR =
            Path.of(System.getProperty("user.home"), ".cache", "tunestream", "djl");

    private DjlRuntime() {}

    /**
     * Sets {@code ai.djl.offline=true} and {@code DJL_CACHE_DIR} unless the user set them (as
     * system property or environment variable). Idempotent; call before any NDManager exists.
     */
    public static synchronized void configure() {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", DEFAULT_CACHE_DIR.toString());
        }
    }
}
