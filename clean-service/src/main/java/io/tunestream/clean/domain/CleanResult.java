package io.tunestream.clean.domain;

import java.util.List;

/**
 * The outcome of cleaning one dataset.
 *
 * @param records the kept records, in input order, with their lineage
 * @param report  the counts (in, out, drops by reason, label histograms)
 * @param balance the balancing decision (oversampling plan, class weights) for the later stages
 */
public record CleanResult(List<TextRecord> records, CleanReport report, BalanceOutcome balance) {
}
