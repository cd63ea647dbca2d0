package io.tunestream.model.head;

import io.tunestream.model.arch.Pooling;

/**
 * What the head predicts.
 *
 * @param task classification or regression
 * @param numLabels classes (1 for regression)
 * @param pooling sentence pooling
 * @param dropout dropout before the classifier
 * @param classWeights per-class loss weights for imbalanced data, or null
 */
public record HeadConfig(Task task, int numLabels, Pooling pooling, double dropout, float[] classWeights) {

    /** Prediction task. */
    public enum Task {
        /** cross-entropy over classes */
        CLASSIFICATION,
        /** mean squared error on one value */
        REGRESSION
    }

    /** @return a classification head with mean pooling and dropout 0.1 */
    public static HeadConfig classification(int numLabels) {
        return new HeadConfig(Task.CLASSIFICATION, numLabels, Pooling.MEAN, 0.1, null);
    }

    /** @return a regression head with mean pooling and dropout 0.1 */
    public static HeadConfig regression() {
        return new HeadConfig(Task.REGRESSION, 1, Pooling.MEAN, 0.1, null);
    }

    /** @return this head with another sentence pooling (e.g. the base model's declared one) */
    public HeadConfig withPooling(Pooling other) {
        return new HeadConfig(task, numLabels, other, dropout, classWeights);
    }

    /** @return this head with class weights */
    public HeadConfig withClassWeights(float[] weights) {
        return new HeadConfig(task, numLabels, pooling, dropout, weights);
    }
}
