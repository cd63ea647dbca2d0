package io.tunestream.ingest.rest;

import io.tunestream.ingest.domain.FieldMapping;
import io.tunestream.ingest.domain.RejectionPolicy;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The query parameters of an upload: the task ({@code task=classification|regression|causal_lm}, also accepted
 * as {@code config.task}; written to the seal's config as {@code task}), field mapping ({@code textField},
 * {@code labelField}, {@code scoreField}, {@code groupField}, {@code idField}, and for causal LM
 * {@code promptField}, {@code completionField}), rejection policy ({@code onInvalid=fail|skip})
 * and per-dataset settings carried in the seal for later stages ({@code balance}, {@code split},
 * {@code seed}, {@code recipe}, or any {@code config.<name>}).
 */
record UploadOptions(FieldMapping mapping, RejectionPolicy policy, Map<String, String> datasetConfig) {

    private static final Set<String> MAPPING = Set.of("textField", "labelField", "scoreField", "groupField", "idField",
            "promptField", "completionField", "task");
    private static final Set<String> CONFIG_SHORTCUTS = Set.of("balance", "split", "seed", "recipe");
    private static final String CONFIG_PREFIX = "config.";
    /** The poison policy key and its values, as dataset-stage's {@code PoisonPolicy} reads them at the seal. */
    private static final String POISON_POLICY = "poison-policy";
    private static final Set<String> POISON_POLICIES = Set.of("reject-version", "dead-letter");

    static UploadOptions from(MultivaluedMap<String, String> query, RejectionPolicy defaultPolicy) {
        Map<String, String> config = new TreeMap<>();
        for (String name : query.keySet()) {
            String value = query.getFirst(name);
            if (CONFIG_SHORTCUTS.contains(name)) {
                config.put(name, value);
            } else if (name.startsWith(CONFIG_PREFIX) && name.length() > CONFIG_PREFIX.length()) {
                config.put(name.substring(CONFIG_PREFIX.length()), value);
            } else if (!MAPPING.contains(name) && !name.equals("onInvalid")) {
                throw new IllegalArgumentException("unknown query parameter '" + name + "'; known: " + MAPPING
                        + ", onInvalid, " + CONFIG_SHORTCUTS + ", config.<name>");
            }
        }
        FieldMapping defaults = FieldMapping.defaults();
        String task = or(query, "task", config.get(FieldMapping.TASK_KEY));
        FieldMapping mapping = new FieldMapping(or(query, "textField", defaults.textField()),
                or(query, "labelField", defaults.labelField()), query.getFirst("scoreField"),
                or(query, "groupField", defaults.groupField()), or(query, "idField", defaults.idField()),
                query.getFirst("promptField"), query.getFirst("completionField"),
                task == null || task.isBlank() ? null : FieldMapping.parseTask(task));
        config.put(FieldMapping.TASK_KEY, FieldMapping.taskName(mapping.task()));
        String poison = config.get(POISON_POLICY);
        if (poison != null && !POISON_POLICIES.contains(poison)) {
            throw new IllegalArgumentException("config." + POISON_POLICY + " must be one of " + POISON_POLICIES
                    + ", got '" + poison + "'");
        }
        return new UploadOptions(mapping, policy(query.getFirst("onInvalid"), defaultPolicy), config);
    }

    private static RejectionPolicy policy(String value, RejectionPolicy defaultPolicy) {
        if (value == null) {
            return defaultPolicy;
        }
        return switch (value) {
            case "fail" -> RejectionPolicy.FAIL_UPLOAD;
            case "skip" -> RejectionPolicy.SKIP_RECORD;
            default -> throw new IllegalArgumentException("onInvalid must be 'fail' or 'skip', got '" + value + "'");
        };
    }

    private static String or(MultivaluedMap<String, String> query, String name, String fallback) {
        String value = query.getFirst(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
