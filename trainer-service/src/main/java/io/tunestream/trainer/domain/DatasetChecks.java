package io.tunestream.trainer.domain;

import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.schemas.SealConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks a materialised dataset against a request before a model is loaded, and derives the label order
 * of the head and the class weights. Every rejection is a {@link JobFailedException} with its reason.
 */
public final class DatasetChecks {

    /** The seal's name of the causal-LM task. */
    static final String CAUSAL_LM = "causal_lm";

    private DatasetChecks() {
    }

    /**
     * @param request the request
     * @param data the dataset
     * @return the labels in head order (sorted); empty for regression and causal LM (which needs no labels)
     */
    public static List<String> labels(TrainingRequest request, PreparedDataset data) {
        String name = data.datasetId() + "@" + data.version();
        if (data.train().isEmpty()) {
            throw new JobFailedException(FailureReason.EMPTY_DATASET, "dataset " + name + " has no TRAIN records ("
                    + data.validation().size() + " validation records)");
        }
        if (data.train().size() < 2) {
            throw new JobFailedException(FailureReason.DATASET_TOO_SMALL, "dataset " + name + " has "
                    + data.train().size() + " TRAIN record; at least 2 are needed to form a batch");
        }
        requireSealedTask(request, data, name);
        if (request.getTask() == Task.CAUSAL_LM) {
            requireLmText(data, name);
            return List.of();
        }
        if (request.getTask() == Task.REGRESSION) {
            requireScores(data, name);
            return List.of();
        }
        return classLabels(request, data, name);
    }

    /** A causal-LM job needs a causal_lm dataset and the other way round (a seal without a task is classification). */
    private static void requireSealedTask(TrainingRequest request, PreparedDataset data, String name) {
        String sealed = data.sealedTask();
        boolean lmJob = request.getTask() == Task.CAUSAL_LM;
        if (lmJob != CAUSAL_LM.equals(sealed)) {
            throw new JobFailedException(FailureReason.INVALID_REQUEST, "dataset " + name + " is sealed for task "
                    + sealed + " (seal config " + PreparedDataset.TASK_KEY + "); a " + request.getTask() + " job needs "
                    + (lmJob ? "a " + CAUSAL_LM + " dataset" : "a dataset of another task than " + CAUSAL_LM));
        }
    }

    private static void requireLmText(PreparedDataset data, String name) {
        long missing = Stream.concat(data.train().stream(), data.validation().stream())
                .filter(e -> e.lmExample() == null).count();
        if (missing > 0) {
            throw new JobFailedException(FailureReason.LABEL_MISMATCH, "CAUSAL_LM needs a text, or a prompt and a "
                    + "completion, on every record of " + name + "; " + missing + " record(s) have neither");
        }
    }

    private static void requireScores(PreparedDataset data, String name) {
        if (data.train().stream().anyMatch(e -> e.score() == null)
                || data.validation().stream().anyMatch(e -> e.score() == null)) {
            throw new JobFailedException(FailureReason.LABEL_MISMATCH,
                    "REGRESSION needs a score on every record of " + name);
        }
    }

    private static List<String> classLabels(TrainingRequest request, PreparedDataset data, String name) {
        if (data.train().stream().anyMatch(e -> e.label() == null)
                || data.validation().stream().anyMatch(e -> e.label() == null)) {
            throw new JobFailedException(FailureReason.LABEL_MISMATCH,
                    "CLASSIFICATION needs a label on every record of " + name);
        }
        Set<String> labels = new TreeSet<>();
        data.train().forEach(e -> labels.add(e.label()));
        if (labels.size() < 2) {
            throw new JobFailedException(FailureReason.LABEL_MISMATCH,
                    "the TRAIN split of " + name + " has a single label " + labels + "; a classifier needs two or more");
        }
        Set<String> unseen = new TreeSet<>();
        data.validation().forEach(e -> {
            if (!labels.contains(e.label())) {
                unseen.add(e.label());
            }
        });
        if (!unseen.isEmpty()) {
            throw new JobFailedException(FailureReason.LABEL_MISMATCH, "VALIDATION labels " + unseen
                    + " never appear in TRAIN " + labels + ": the head would have no class for them");
        }
        Map<String, Double> weights = request.getHyperParameters().getClassWeights();
        if (weights != null && !weights.keySet().equals(labels)) {
            throw new JobFailedException(FailureReason.LABEL_MISMATCH, "classWeights name labels "
                    + new TreeSet<>(weights.keySet()) + " but the dataset's labels are " + labels);
        }
        return List.copyOf(labels);
    }

    /**
     * Class weights from the request, else, when the seal asks for {@code balance=class-weights}, the weights
     * clean-service computed and sealed ({@value PreparedDataset#CLASS_WEIGHTS_KEY}, scikit-learn's
     * {@code compute_class_weight("balanced")} over the cleaned dataset); a seal written before clean sealed them
     * gets the same formula over the TRAIN split.
     *
     * @return weights in label order, or null for an unweighted loss
     * @throws JobFailedException when the sealed weights are malformed or name other labels than the dataset's
     */
    public static float[] classWeights(TrainingRequest request, PreparedDataset data, List<String> labels) {
        Map<String, Double> requested = request.getHyperParameters().getClassWeights();
        if (labels.isEmpty() || (requested == null && !data.wantsClassWeights())) {
            return null;
        }
        float[] out = new float[labels.size()];
        if (requested != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = requested.get(labels.get(i)).floatValue();
            }
            return out;
        }
        Optional<Map<String, Double>> sealed = sealedWeights(data);
        if (sealed.isPresent()) {
            Map<String, Double> weights = sealed.get();
            if (!weights.keySet().equals(new TreeSet<>(labels))) {
                throw new JobFailedException(FailureReason.LABEL_MISMATCH, "the seal's "
                        + PreparedDataset.CLASS_WEIGHTS_KEY + " name labels " + weights.keySet()
                        + " but the TRAIN split's labels are " + labels);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = weights.get(labels.get(i)).floatValue();
            }
            return out;
        }
        Map<String, Integer> counts = new TreeMap<>();
        data.train().forEach(e -> counts.merge(e.label(), 1, Integer::sum));
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) data.train().size() / (labels.size() * counts.get(labels.get(i)));
        }
        return out;
    }

    /** The seal's class weights (see {@link SealConfig#classWeights}); a malformed value fails the job. */
    private static Optional<Map<String, Double>> sealedWeights(PreparedDataset data) {
        try {
            return data.sealedClassWeights();
        } catch (IllegalArgumentException e) {
            throw new JobFailedException(FailureReason.INVALID_REQUEST, "dataset " + data.datasetId() + "@"
                    + data.version() + " seals " + e.getMessage());
        }
    }
}
