package io.tunestream.trainer.domain;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Flags the loop checks before each optimizer step, set from another thread: a cancel (the job ends, CANCELLED) or an
 * interrupt (its worker is shutting down: the job saves its resume state and stops, to be resumed by another worker),
 * or a takeover (a higher epoch of the job runs elsewhere: this run stops and writes nothing more).
 */
public final class Cancellation {

    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean superseded = new AtomicBoolean();

    /** Asks the job to stop at its next step. */
    public void request() {
        requested.set(true);
    }

    /** @return whether a stop was asked */
    public boolean isRequested() {
        return requested.get();
    }

    /** Asks the job to save its resume state and stop at its next step, without ending: its worker shuts down. */
    public void interrupt() {
        interrupted.set(true);
    }

    /** @return whether an interrupt was asked */
    public boolean isInterruptRequested() {
        return interrupted.get();
    }

    /** Tells the job that a higher epoch of it runs on another worker: it stops at its next step, writing nothing. */
    public void supersede() {
        superseded.set(true);
    }

    /** @return whether a takeover by a higher epoch was seen */
    public boolean isSuperseded() {
        return superseded.get();
    }
}
