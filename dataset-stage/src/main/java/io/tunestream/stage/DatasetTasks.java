package io.tunestream.stage;

import io.tunestream.events.Task;

import java.util.Locale;
import java.util.Map;

/**
 * The task of a dataset version, declared at ingest and carried in every seal's {@code config} under
 * {@value #KEY}: {@code classification} (the default when absent), {@code regression} or {@code causal_lm}.
 * Stages read it here instead of guessing from the records.
 */
public final class DatasetTasks {

    /** Seal config key of the task. */
    public static final String KEY = "task";

    private DatasetTasks() {
    }

    /** The task a seal's config declares; classification when it declares none. */
    public static Task of(Map<String, String> config) {
        String value = config.get(KEY);
        return value == null || value.isBlank() ? Task.CLASSIFICATION : parse(value);
    }

    /** Parses {@code classification | regression | causal_lm} (case-insensitive). */
    public static Task parse(String value) {
        try {
            return Task.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("task must be classification, regression or causal_lm, got: " + value);
        }
    }

    /** The seal value of a task, e.g. {@code causal_lm}. */
    public static String value(Task task) {
        return task.name().toLowerCase(Locale.ROOT);
    }
}
