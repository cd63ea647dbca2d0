package io.tunestream.trainer.sweep;

/** What a trial scheduler says about a trial after one of its results. */
public enum Decision {
    /** Keep training. */
    CONTINUE,
    /** Stop it early: its result is not good enough (the trial's status becomes STOPPED). */
    STOP,
    /** It reached the sweep's maxResource: end it, it ran its whole budget (status COMPLETED). */
    COMPLETE
}
