package io.tunestream.trainer.domain;

/** Thrown by the loop when its {@link Cancellation} was requested. */
public class JobCancelledException extends RuntimeException {

    /** @param step the last completed optimizer step */
    public JobCancelledException(long step) {
        super("cancelled after step " + step);
    }
}
