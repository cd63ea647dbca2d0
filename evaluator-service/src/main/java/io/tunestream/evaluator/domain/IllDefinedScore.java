package io.tunestream.evaluator.domain;

/**
 * A score whose denominator was zero and which was therefore set to the {@link ZeroDivision}
 * value rather than computed (what scikit-learn reports as an {@code UndefinedMetricWarning}).
 *
 * @param label the class label
 * @param metric {@code precision}, {@code recall} or {@code f1}
 * @param reason why it is ill-defined, in words
 */
public record IllDefinedScore(String label, String metric, String reason) {
}
