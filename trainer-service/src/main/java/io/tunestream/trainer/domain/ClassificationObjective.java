package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.tunestream.events.Task;
import io.tunestream.model.FineTunable;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.arch.TokenBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequence head on a text ({@link TextClassifier}): cross-entropy over the labels in head order (class
 * weights included) for classification, the request's {@link RegressionLoss} (MSE or Huber) on the score for
 * regression. Validation reports
 * {@code val_loss} (the training loss, per example), and for classification {@code accuracy} and {@code f1_macro}.
 */
final class ClassificationObjective implements TrainingObjective {

    private final TextClassifier classifier;
    private final Task task;
    private final List<String> labels;
    private final RegressionLoss regressionLoss;

    /**
     * @param classifier the model
     * @param task CLASSIFICATION or REGRESSION
     * @param labels labels in head order (empty for regression)
     * @param regressionLoss the loss of a regression head (unused for classification)
     */
    ClassificationObjective(TextClassifier classifier, Task task, List<String> labels, RegressionLoss regressionLoss) {
        this.classifier = classifier;
        this.task = task;
        this.labels = labels;
        this.regressionLoss = regressionLoss;
    }

    @Override
    public FineTunable model() {
        return classifier;
    }

    /** @return the classifier */
    TextClassifier classifier() {
        return classifier;
    }

    @Override
    public BatchLoss trainingLoss(List<Example> batch, NDManager manager) {
        TokenBatch tokens = classifier.encode(texts(batch), manager);
        NDArray loss = loss(classifier.forward(tokens, true), targets(batch, manager));
        return new BatchLoss(loss, tokens.attentionMask().sum().toType(DataType.INT64, false).getLong());
    }

    @Override
    public Map<String, Double> validate(List<Example> examples, int batchSize, NDManager manager) {
        int[] truth = new int[examples.size()];
        int[] predicted = new int[examples.size()];
        double lossSum = 0;
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<Example> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            try (NDManager sub = manager.newSubManager()) {
                NDArray out = classifier.forward(classifier.encode(texts(batch), sub), false);
                NDArray loss = loss(out, targets(batch, sub));
                lossSum += loss.toType(DataType.FLOAT32, false).getFloat() * batch.size();
                if (task == Task.CLASSIFICATION) {
                    long[] argmax = out.argMax(-1).toType(DataType.INT64, false).toLongArray();
                    for (int i = 0; i < batch.size(); i++) {
                        truth[from + i] = labels.indexOf(batch.get(i).label());
                        predicted[from + i] = (int) argmax[i];
                    }
                }
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_loss", lossSum / examples.size());
        if (task == Task.CLASSIFICATION) {
            metrics.put("accuracy", ClassificationScores.accuracy(truth, predicted));
            metrics.put("f1_macro", ClassificationScores.macroF1(truth, predicted, labels.size()));
        }
        return metrics;
    }

    /** Cross-entropy (class weights included) from the head, or the request's regression loss. */
    private NDArray loss(NDArray output, NDArray targets) {
        return task == Task.REGRESSION ? regressionLoss.apply(output, targets) : classifier.loss(output, targets);
    }

    private static List<String> texts(List<Example> batch) {
        return batch.stream().map(e -> e.text() == null ? "" : e.text()).toList();
    }

    private NDArray targets(List<Example> batch, NDManager manager) {
        if (task == Task.REGRESSION) {
            float[] scores = new float[batch.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = batch.get(i).score().floatValue();
            }
            return manager.create(scores);
        }
        long[] ids = new long[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = labels.indexOf(batch.get(i).label());
        }
        return manager.create(ids);
    }
}
