package io.tunestream.evaluator.domain;

import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A named scalar taken from {@link ClassificationMetrics}: what a blessing threshold checks and
 * what a paired bootstrap compares. Any function of the metrics can be one.
 *
 * @param name the metric's name in reports and configuration (e.g. {@code f1_macro})
 * @param extractor reads the value from computed metrics
 */
public record EvaluationMetric(String name, ToDoubleFunction<ClassificationMetrics> extractor) {

    /** Fraction of records predicted correctly. */
    public static final EvaluationMetric ACCURACY = new EvaluationMetric("accuracy", ClassificationMetrics::accuracy);
    /** Unweighted mean of per-class F1. */
    public static final EvaluationMetric F1_MACRO = new EvaluationMetric("f1_macro", m -> m.macro().f1());
    /** Support-weighted mean of per-class F1. */
    public static final EvaluationMetric F1_WEIGHTED = new EvaluationMetric("f1_weighted", m -> m.weighted().f1());
    /** F1 from summed counts. */
    public static final EvaluationMetric F1_MICRO = new EvaluationMetric("f1_micro", m -> m.micro().f1());
    /** Unweighted mean of per-class precision. */
    public static final EvaluationMetric PRECISION_MACRO =
            new EvaluationMetric("precision_macro", m -> m.macro().precision());
    /** Unweighted mean of per-class recall (balanced accuracy). */
    public static final EvaluationMetric RECALL_MACRO = new EvaluationMetric("recall_macro", m -> m.macro().recall());

    private static final List<EvaluationMetric> NAMED =
            List.of(ACCURACY, F1_MACRO, F1_WEIGHTED, F1_MICRO, PRECISION_MACRO, RECALL_MACRO);

    /** Validates the fields. */
    public EvaluationMetric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(extractor, "extractor");
    }

    /** The built-in metric of that name (as used in configuration), or {@code f1[<label>]} for one class. */
    public static EvaluationMetric named(String name) {
        if (name.startsWith("f1[") && name.endsWith("]")) {
            return classF1(name.substring(3, name.length() - 1));
        }
        return NAMED.stream().filter(m -> m.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + name + "'; known: "
                        + NAMED.stream().map(EvaluationMetric::name).toList() + " and f1[<label>]"));
    }

    /** F1 of one class (0 when the class is not among the labels). */
    public static EvaluationMetric classF1(String label) {
        return new EvaluationMetric("f1[" + label + "]",
                m -> m.scoresOf(label).map(ClassScores::f1).orElse(0.0));
    }

    /** The value of this metric in the given metrics. */
    public double valueOf(ClassificationMetrics metrics) {
        return extractor.applyAsDouble(metrics);
    }
}
