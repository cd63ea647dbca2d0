package io.tunestream.trainer.domain;

import java.util.List;
import java.util.Map;

/**
 * The sealed train and validation splits of one dataset version, as the trainer needs them.
 *
 * @param datasetId dataset id
 * @param version dataset version
 * @param train train split
 * @param validation validation split (may be empty: then there is no evaluation)
 * @param config the seal's per-dataset settings (e.g. {@code balance=class-weights})
 */
public record PreparedDataset(String datasetId, String version, List<Example> train, List<Example> validation,
        Map<String, String> config) {

    /** Seal config key of the balance policy. */
    public static final String BALANCE_KEY = "balance";

    /** Seal config key of the class weights clean-service computed ({@code label=weight,...}). */
    public static final String CLASS_WEIGHTS_KEY = "balance.class-weights";

    /** Seal config key of the task the dataset was ingested for ({@code classification|regression|causal_lm}). */
    public static final String TASK_KEY = "task";

    /** @return the task the seal declares (lower case); {@code classification} when it declares none, as ingest does */
    public String sealedTask() {
        return config.getOrDefault(TASK_KEY, "classification").strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return whether the data stages asked for class weights instead of resampling */
    public boolean wantsClassWeights() {
        return "class-weights".equals(config.get(BALANCE_KEY));
    }
}
