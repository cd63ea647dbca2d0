package io.tunestream.trainer.sweep;

/**
 * A scheduler's decision on one result, with why.
 *
 * @param decision what to do with the trial
 * @param rung     ASHA: the rung index the result was recorded at, -1 when none (between rungs, or other rules)
 * @param reason   one sentence for people, e.g. for a trial's {@code message}
 */
public record Judgement(Decision decision, int rung, String reason) {

    static Judgement of(Decision decision, String reason) {
        return new Judgement(decision, -1, reason);
    }
}
