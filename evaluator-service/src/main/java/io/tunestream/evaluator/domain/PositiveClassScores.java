package io.tunestream.evaluator.domain;

import java.util.Objects;

/**
 * The predicted score (probability) of the positive class for each sample of a binary task: what
 * ROC-AUC is computed from (scikit-learn's {@code y_score}, e.g. {@code predict_proba(X)[:, 1]}).
 *
 * @param positiveLabel the label that counts as positive
 * @param scores one score per sample, in sample order
 */
public record PositiveClassScores(String positiveLabel, double[] scores) {

    /** Validates the fields and keeps a copy of the scores. */
    public PositiveClassScores {
        Objects.requireNonNull(positiveLabel, "positiveLabel");
        scores = scores.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }
}
