package io.tunestream.evaluator.domain;

/**
 * Precision, recall and F1 averaged over classes in one of scikit-learn's ways
 * ({@code macro}, {@code weighted} or {@code micro}).
 *
 * @param precision averaged precision
 * @param recall averaged recall
 * @param f1 averaged F1 (for macro and weighted: the average of the per-class F1, not the F1 of
 *     the averages, as scikit-learn computes it)
 */
public record AveragedScores(double precision, double recall, double f1) {
}
