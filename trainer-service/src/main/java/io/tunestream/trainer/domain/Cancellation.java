package io.tunestream.trainer.domain;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag the loop checks before each optimizer step; set from another thread to stop a job. */
public final class Cancellation {

    private final AtomicBoolean requested = new AtomicBoolean();

    /** Asks the job to stop at its next step. */
    public void request() {
        requested.set(true);
    }

    /** @return whether a stop was asked */
    public boolean isRequested() {
        return requested.get();
    }
}
