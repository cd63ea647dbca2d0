package io.tunestream.registry.artifact;

import io.tunestream.registry.domain.ArtifactStorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * An {@link ArtifactStorer} that tries a store again when it failed on an I/O error (a full disk, an NFS hiccup),
 * with doubling pauses, before it gives up; a refusal that another try cannot change (a checksum mismatch, a source
 * outside the allowed roots) fails at once. The final failure says how many tries were made
 * ({@link ArtifactStoreRetriesExhausted#attempts()}), for the dead letter's headers.
 */
public final class RetryingArtifactStore implements ArtifactStorer {

    private static final Logger LOG = Logger.getLogger(RetryingArtifactStore.class);

    /** The last failure of a store that was tried {@code attempts} times. */
    public static final class ArtifactStoreRetriesExhausted extends ArtifactException {
        private final int attempts;

        ArtifactStoreRetriesExhausted(ArtifactException last, int attempts) {
            super(last.getMessage() + " (tried " + attempts + " times)", last.getCause());
            this.attempts = attempts;
        }

        /** How many times the store was tried. */
        public int attempts() {
            return attempts;
        }
    }

    /** How the pause before a try is chosen; {@link #SLEEP} in production, a recorder in tests. */
    @FunctionalInterface
    public interface Pause {
        Pause SLEEP = d -> Thread.sleep(d.toMillis());

        void pause(Duration duration) throws InterruptedException;
    }

    private final ArtifactStorer delegate;
    private final int maxAttempts;
    private final Duration firstPause;
    private final Duration maxPause;
    private final Pause pause;

    /**
     * @param maxAttempts tries in all (1: no retry)
     * @param firstPause  pause before the second try; each later pause doubles, up to {@code maxPause}
     */
    public RetryingArtifactStore(ArtifactStorer delegate, int maxAttempts, Duration firstPause, Duration maxPause,
            Pause pause) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.maxAttempts = maxAttempts;
        this.firstPause = firstPause;
        this.maxPause = maxPause;
        this.pause = pause;
    }

    @Override
    public StoredArtifact store(String name, int version, String sourceUri, String expectedSha256) {
        for (int attempt = 1; ; attempt++) {
            try {
                return delegate.store(name, version, sourceUri, expectedSha256);
            } catch (ArtifactException e) {
                if (!transientFailure(e)) {
                    throw e;
                }
                if (attempt >= maxAttempts) {
                    throw new ArtifactStoreRetriesExhausted(e, attempt);
                }
                Duration wait = pauseBefore(attempt + 1);
                LOG.warnf("Storing %s v%d failed (try %d of %d), trying again in %d ms: %s", name, version, attempt,
                        maxAttempts, wait.toMillis(), e.getMessage());
                try {
                    pause.pause(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ArtifactStoreRetriesExhausted(e, attempt);
                }
            }
        }
    }

    /** The pause before try {@code attempt} (2 or more): the first pause doubled per earlier retry, capped. */
    Duration pauseBefore(int attempt) {
        long millis = firstPause.toMillis() << Math.min(attempt - 2, 20);
        return Duration.ofMillis(Math.min(millis, maxPause.toMillis()));
    }

    /** An I/O error anywhere in the cause chain: another try may succeed. */
    static boolean transientFailure(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
