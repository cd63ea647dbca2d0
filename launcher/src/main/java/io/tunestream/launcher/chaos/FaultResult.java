package io.tunestream.launcher.chaos;

import java.time.Duration;
import java.util.List;

/**
 * One row of the chaos table: the fault, what was seen to happen, the work's accounting, how long the stack took to
 * reach its end state after the fault, and what (if anything) was wrong with that end state.
 *
 * @param fault    the fault injected
 * @param happened what was seen, in a few words (e.g. "SIGKILL mid-upload; re-uploaded after restart")
 * @param counts   the accounting of the work the fault hit
 * @param recovery from the fault to the end state, or null when it was never reached
 * @param failures what is wrong with the end state; empty when the fault PASSes
 */
public record FaultResult(Fault fault, String happened, Counts counts, Duration recovery, List<String> failures) {

    public FaultResult {
        failures = List.copyOf(failures);
    }

    /** A fault that could not be run at all (its precondition failed). */
    public static FaultResult notRun(Fault fault, String why) {
        return new FaultResult(fault, why, Counts.NONE, null, List.of(why));
    }

    /** PASS when the end state was reached and nothing is wrong with it. */
    public boolean passed() {
        return recovery != null && failures.isEmpty();
    }

    /** {@code PASS} or {@code FAIL}. */
    public String verdict() {
        return passed() ? "PASS" : "FAIL";
    }
}
