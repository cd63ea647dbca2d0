package io.tunestream.evaluator.domain;

import java.util.List;

/**
 * A challenger compared with the current champion on the same test records: both models' metrics,
 * McNemar's exact test on accuracy and a paired bootstrap of another metric (F1 macro by default).
 *
 * @param champion the champion's metrics
 * @param challenger the challenger's metrics
 * @param mcnemar McNemar's exact test on the paired correct/incorrect outcomes
 * @param bootstrap paired bootstrap of the difference of {@code bootstrap.metric()}
 */
public record AbComparison(
        ClassificationMetrics champion,
        ClassificationMetrics challenger,
        McNemarResult mcnemar,
        BootstrapResult bootstrap) {

    /** Runs both tests, bootstrapping F1 macro with the default settings. */
    public static AbComparison run(List<String> yTrue, List<String> championPred, List<String> challengerPred) {
        return run(yTrue, championPred, challengerPred, EvaluationMetric.F1_MACRO, BootstrapSettings.defaults());
    }

    /** Runs both tests; labels are the sorted union of the three lists for both models. */
    public static AbComparison run(List<String> yTrue, List<String> championPred, List<String> challengerPred,
            EvaluationMetric bootstrapMetric, BootstrapSettings settings) {
        LabelIndex labels = LabelIndex.observed(yTrue, championPred, challengerPred);
        return new AbComparison(
                ClassificationMetrics.of(yTrue, championPred, labels, ZeroDivision.WARN),
                ClassificationMetrics.of(yTrue, challengerPred, labels, ZeroDivision.WARN),
                McNemarTest.of(yTrue, championPred, challengerPred),
                PairedBootstrap.compare(yTrue, championPred, challengerPred, bootstrapMetric, settings));
    }
}
