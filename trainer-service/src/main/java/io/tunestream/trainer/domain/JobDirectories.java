package io.tunestream.trainer.domain;

import io.tunestream.schemas.SafePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where a job's files live: its scratch directory {@code <work-root>/<jobId>} and its resumable state
 * {@code <resume-root>/<jobId>/resume}. Every path, and every delete, goes through {@link SafePaths}, so a job id
 * such as {@code .}, {@code ..} or {@code %2e%2e}, or a link inside a root that leads out of it, can never make a job
 * read, write or delete anything outside its roots.
 *
 * @param workRoot root of the jobs' scratch directories
 * @param resumeRoot root of the jobs' resumable state (the shared artifact store)
 */
public record JobDirectories(Path workRoot, Path resumeRoot) {

    private static final String RESUME = "resume";

    /** @return the job's scratch directory (not created) */
    public Path workDir(String jobId) {
        return SafePaths.resolveUnder(workRoot, jobId);
    }

    /** @return the job's resume store, for its first run (epoch 0) */
    public ResumeStore resumeStore(String jobId) {
        return resumeStore(jobId, 0);
    }

    /** @return the job's resume store, for its run at {@code epoch} */
    public ResumeStore resumeStore(String jobId, long epoch) {
        return new ResumeStore(SafePaths.resolveUnder(resumeRoot, jobId, RESUME), epoch);
    }

    /** Deletes the job's scratch directory, if any. */
    public void deleteWorkDir(String jobId) {
        try {
            SafePaths.deleteTreeUnder(workRoot, jobId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the work directory of job " + jobId, e);
        }
    }
}
