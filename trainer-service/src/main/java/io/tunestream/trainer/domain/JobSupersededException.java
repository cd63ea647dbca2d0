package io.tunestream.trainer.domain;

/**
 * Thrown when a higher epoch of the job has taken it over (another worker resumed it after this one lost its
 * partition): this run must stop at once and write nothing more, neither a status nor a checkpoint nor its resume
 * state, and must not clear the newer run's resume state.
 */
public class JobSupersededException extends RuntimeException {

    /**
     * @param jobId the job
     * @param epoch this run's epoch
     * @param detail what showed the takeover
     */
    public JobSupersededException(String jobId, long epoch, String detail) {
        super("job " + jobId + " at epoch " + epoch + " was superseded: " + detail);
    }
}
