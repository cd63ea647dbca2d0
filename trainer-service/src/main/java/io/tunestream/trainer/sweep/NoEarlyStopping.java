package io.tunestream.trainer.sweep;

/** Scheduler kind NONE: every trial runs to its own end (its epochs or maxSteps); maxResource is not used. */
public final class NoEarlyStopping implements TrialScheduler {

    @Override
    public Judgement judge(String trialId, long resource, double value) {
        return Judgement.of(Decision.CONTINUE, "no early stopping");
    }
}
