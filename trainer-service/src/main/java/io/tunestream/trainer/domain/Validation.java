package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.tunestream.events.Task;
import io.tunestream.model.TextClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores the validation split without dropout: loss (the training loss, weighted the same way), accuracy, macro F1. */
final class Validation {

    private Validation() {
    }

    static Map<String, Double> evaluate(FineTuneJob job) {
        List<Example> examples = job.data().validation();
        int batchSize = Math.max(1, job.plan().microBatch() * 2);
        int[] truth = new int[examples.size()];
        int[] predicted = new int[examples.size()];
        double lossSum = 0;
        TextClassifier clf = job.classifier();
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<Example> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            try (NDManager sub = job.manager().newSubManager()) {
                NDArray out = clf.forward(clf.encode(batch.stream().map(StepRunner::text).toList(), sub), false);
                NDArray loss = clf.loss(out, StepRunner.targets(job, batch, sub));
                lossSum += loss.toType(DataType.FLOAT32, false).getFloat() * batch.size();
                if (job.request().getTask() == Task.CLASSIFICATION) {
                    long[] argmax = out.argMax(-1).toType(DataType.INT64, false).toLongArray();
                    for (int i = 0; i < batch.size(); i++) {
                        truth[from + i] = job.labels().indexOf(batch.get(i).label());
                        predicted[from + i] = (int) argmax[i];
                    }
                }
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_loss", lossSum / examples.size());
        if (job.request().getTask() == Task.CLASSIFICATION) {
            metrics.put("accuracy", ClassificationScores.accuracy(truth, predicted));
            metrics.put("f1_macro", ClassificationScores.macroF1(truth, predicted, job.labels().size()));
        }
        return metrics;
    }
}
