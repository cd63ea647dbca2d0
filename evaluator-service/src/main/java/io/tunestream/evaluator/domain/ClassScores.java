package io.tunestream.evaluator.domain;

/**
 * Precision, recall and F1 of one class, with its support (number of true samples).
 *
 * @param label the class label
 * @param precision tp / (tp + fp)
 * @param recall tp / (tp + fn)
 * @param f1 harmonic mean of precision and recall, 2tp / (2tp + fp + fn)
 * @param support number of samples whose true label is this class
 */
public record ClassScores(String label, double precision, double recall, double f1, long support) {
}
