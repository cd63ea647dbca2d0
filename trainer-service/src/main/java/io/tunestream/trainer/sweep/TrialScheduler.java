package io.tunestream.trainer.sweep;

/**
 * Decides, from the results trials report, whether each trial goes on. Implementations are deterministic: the same
 * results in the same order give the same decisions, which is how a restarted controller rebuilds one
 * ({@link TrialSchedulers#replay}).
 *
 * <p>A result is (trial, resource, value): the resource is the trial's progress in the sweep's resource unit
 * (evaluations so far, or optimizer steps), non-decreasing per trial; the value is the sweep's metric. A NaN value
 * (a diverged trial) counts as the worst possible result. Once a trial was told STOP or COMPLETE, its later results
 * (still in flight when it was stopped) change nothing and get the same decision again.
 */
public interface TrialScheduler {

    /**
     * @param trialId  trial id
     * @param resource progress in the resource unit
     * @param value    metric value
     * @return the decision and why
     */
    Judgement judge(String trialId, long resource, double value);

    /** {@link #judge}'s decision alone. */
    default Decision onResult(String trialId, long resource, double value) {
        return judge(trialId, resource, value).decision();
    }

    /** Highest ASHA rung index the trial's result was recorded at, -1 when none (always -1 for other rules). */
    default int rungReached(String trialId) {
        return -1;
    }
}
