package io.tunestream.evaluator.report;

import io.tunestream.evaluator.domain.RegressionComparison;
import io.tunestream.evaluator.domain.RegressionMetrics;
import java.util.Optional;

/**
 * What the report shows of a regression model: its metrics, the true and predicted values of every test example
 * (the scatter plot) and the A/B on paired absolute errors against the champion, when there is one.
 *
 * @param metrics Spearman, Pearson, MSE, MAE (and RMSE)
 * @param truth true values, in test order
 * @param predicted predictions, in the same order
 * @param comparison the A/B against the champion, if any
 */
public record RegressionResults(RegressionMetrics metrics, double[] truth, double[] predicted,
        Optional<RegressionComparison> comparison) {

    /** Requires paired values. */
    public RegressionResults {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true values but " + predicted.length + " predictions");
        }
        truth = truth.clone();
        predicted = predicted.clone();
    }
}
