package io.tunestream.schemas;

import io.tunestream.events.Checkpoint;
import io.tunestream.events.JobStatus;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fencing of training jobs by epoch: each run of a job carries an epoch (0 on its first start, +1 each time a worker
 * takes it over, see {@link #takeover}), and every status and checkpoint its worker writes carries it. A reader keeps
 * one fence and asks it about every event: an event whose epoch is lower than the highest seen for its job was
 * written by a superseded worker (one that lost its partition but still runs) and is ignored. Statuses written by no
 * worker (QUEUED, cancel requests from REST or a sweep) are the user's word about the job, not a worker's: they are
 * never stale and raise nothing. Thread-safe; one instance per reader.
 */
public final class EpochFence {

    private final Map<String, Long> highest = new ConcurrentHashMap<>();
    private final AtomicLong stale = new AtomicLong();

    /**
     * The epoch of a job's new run, from what a worker knows when it takes the job: 0 when no worker ran it, else one
     * above the highest epoch any earlier run left (in the job's statuses or in its resume state).
     *
     * @param highestStatusEpoch the highest epoch of the job's worker-written statuses, if any
     * @param resumeEpoch the epoch that owns the job's resume state, if any
     * @return the new run's epoch
     */
    public static long takeover(OptionalLong highestStatusEpoch, OptionalLong resumeEpoch) {
        long next = 0;
        if (highestStatusEpoch.isPresent()) {
            next = Math.max(next, highestStatusEpoch.getAsLong() + 1);
        }
        if (resumeEpoch.isPresent()) {
            next = Math.max(next, resumeEpoch.getAsLong() + 1);
        }
        return next;
    }

    /**
     * @param jobId the job
     * @param epoch the event's epoch
     * @return true when the event is current (its epoch is the highest seen for the job, which it now is); false when
     *         it is stale (counted)
     */
    public boolean admit(String jobId, long epoch) {
        long[] before = {-1};
        highest.merge(jobId, epoch, (old, now) -> {
            before[0] = old;
            return Math.max(old, now);
        });
        if (epoch < before[0]) {
            stale.incrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * @param status a job status
     * @return whether to take it: a worker's status when its epoch is current; a status written by no worker always
     */
    public boolean admit(JobStatus status) {
        if (status.getWorkerId() == null) {
            return true;
        }
        return admit(status.getJobId(), status.getEpoch());
    }

    /**
     * @param checkpoint a checkpoint event (any chunk)
     * @return whether its epoch is current for its job
     */
    public boolean admit(Checkpoint checkpoint) {
        return admit(checkpoint.getJobId(), checkpoint.getEpoch());
    }

    /**
     * @param status a status read for a job that runs here
     * @param runEpoch the epoch of the run here
     * @return whether the status shows that another worker took the job over (a worker's status of a higher epoch):
     *         the run here must stop and write nothing more
     */
    public static boolean supersedes(JobStatus status, long runEpoch) {
        return status.getWorkerId() != null && status.getEpoch() > runEpoch;
    }

    /**
     * @param jobId the job
     * @param epoch an epoch
     * @return whether a higher epoch has been seen for the job (a run of this epoch is superseded); records nothing
     */
    public boolean isSuperseded(String jobId, long epoch) {
        Long seen = highest.get(jobId);
        return seen != null && seen > epoch;
    }

    /** @return the highest epoch seen for the job, empty when none of its workers' events was seen */
    public OptionalLong highest(String jobId) {
        Long seen = highest.get(jobId);
        return seen == null ? OptionalLong.empty() : OptionalLong.of(seen);
    }

    /** @return how many stale events this fence refused */
    public long staleCount() {
        return stale.get();
    }
}
