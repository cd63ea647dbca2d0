package io.tunestream.evaluator.domain;

import java.util.List;

/**
 * Whether a model version is blessed, and why: one human-readable line per check, each starting
 * with {@code PASS} or {@code FAIL} (or {@code INFO}).
 *
 * @param blessed true when every check passed
 * @param reasons the checks and their outcomes, in the order they were made
 */
public record BlessingDecision(boolean blessed, List<String> reasons) {

    /** Copies the reasons. */
    public BlessingDecision {
        reasons = List.copyOf(reasons);
    }
}
