package io.tunestream.trainer.domain;

/**
 * Thrown by the loop when its worker asked it to stop ({@link Cancellation#interrupt()}): the resume state of the last
 * completed step is saved, so another worker goes on from there as an uninterrupted run would.
 */
public class JobInterruptedException extends RuntimeException {

    private final long step;

    /** @param step the last completed optimizer step, from which the job resumes */
    public JobInterruptedException(long step) {
        super("interrupted after step " + step + ": resumable");
        this.step = step;
    }

    /** @return the last completed optimizer step, from which the job resumes */
    public long step() {
        return step;
    }
}
