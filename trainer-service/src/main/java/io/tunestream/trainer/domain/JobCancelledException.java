package io.tunestream.trainer.domain;

/** Thrown by the loop when its {@link Cancellation} was requested. */
public class JobCancelledException extends RuntimeException {

    private final long step;

    /** @return the last completed optimizer step */
    public long step() {
        return step;
    }

    /** @param step the last completed optimizer step */
    public JobCancelledException(long step) {
        super("cancelled after step " + step);
        this.step = step;
    }
}
