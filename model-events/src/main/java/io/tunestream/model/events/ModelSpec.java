package io.tunestream.model.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.Lineage;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.model.PretrainedModels;
import io.tunestream.model.arch.Pooling;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What it takes to rebuild a fine-tuned model around its weights file: the base model reference, the task,
 * the method and its settings, the labels in head order and the tokenizer's maximum length. Read from a
 * checkpoint event, or from a lineage alone (a registered version), where the trainer records the labels as
 * a JSON array under {@value #LABELS_KEY} and the task under {@value #TASK_KEY}.
 *
 * @param baseModel base model reference
 * @param task the head's task
 * @param method method settings
 * @param labels class labels in head order (empty for regression)
 * @param maxLength tokens per text after truncation
 * @param pooling the head's pooling when the request chose one ({@value #POOLING_KEY} in the lineage); null: the
 *     base model's own
 */
public record ModelSpec(String baseModel, Task task, MethodConfig method, List<String> labels, int maxLength,
        Pooling pooling) {

    /** Lineage config key of the labels (a JSON array of strings). */
    public static final String LABELS_KEY = "labels";
    /** Lineage config key of the task. */
    public static final String TASK_KEY = "task";
    /** Lineage config key of the pooling a request chose (absent: the base model's own). */
    public static final String POOLING_KEY = "pooling";
    /** Lineage config key of the maximum sequence length. */
    public static final String MAX_LENGTH_KEY = "hyperParameters.maxSequenceLength";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks and copies. */
    public ModelSpec {
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(method, "method");
        labels = List.copyOf(labels);
        if (task == Task.CLASSIFICATION && labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels, got " + labels);
        }
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
        }
    }

    /** A spec whose head pools as its base model declares. */
    public ModelSpec(String baseModel, Task task, MethodConfig method, List<String> labels, int maxLength) {
        this(baseModel, task, method, labels, maxLength, null);
    }

    /** @return the spec of a checkpoint (its own method and labels; length and pooling from its lineage) */
    public static ModelSpec of(Checkpoint checkpoint) {
        Map<String, String> config = checkpoint.getLineage().getConfig();
        return new ModelSpec(checkpoint.getLineage().getBaseModel(), checkpoint.getTask(), checkpoint.getMethod(),
                checkpoint.getLabels(), maxLength(config), pooling(config));
    }

    /**
     * @return the spec a lineage records
     * @throws IllegalArgumentException when the lineage lacks the method, task or labels
     */
    public static ModelSpec of(Lineage lineage) {
        Map<String, String> config = lineage.getConfig();
        String task = config.get(TASK_KEY);
        if (task == null) {
            throw new IllegalArgumentException("lineage of job " + lineage.getJobId() + " names no task");
        }
        return new ModelSpec(lineage.getBaseModel(), Task.valueOf(task), EventMethods.fromLineageConfig(config),
                decodeLabels(config.get(LABELS_KEY)), maxLength(config), pooling(config));
    }

    /** @return the labels as the lineage config stores them */
    public static String encodeLabels(List<String> labels) {
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> decodeLabels(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("lineage labels are not a JSON array of strings: " + json, e);
        }
    }

    private static Pooling pooling(Map<String, String> config) {
        String value = config.get(POOLING_KEY);
        return value == null ? null : Pooling.valueOf(value);
    }

    private static int maxLength(Map<String, String> config) {
        String value = config.get(MAX_LENGTH_KEY);
        return value == null ? PretrainedModels.DEFAULT_MAX_LENGTH : Integer.parseInt(value);
    }
}
