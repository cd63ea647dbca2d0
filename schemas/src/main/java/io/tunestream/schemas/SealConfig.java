package io.tunestream.schemas;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The keys a dataset seal's {@code config} map carries from stage to stage, in one place, with typed readers and
 * writers for the structured ones. Who writes and who reads each:
 * <table>
 *   <caption>Seal config keys</caption>
 *   <tr><th>key</th><th>value</th><th>written by</th><th>read by</th></tr>
 *   <tr><td>{@value #TASK}</td><td>{@code classification | regression | causal_lm}</td><td>ingest</td>
 *       <td>every stage, trainer</td></tr>
 *   <tr><td>{@value #BALANCE}</td><td>{@code none | undersample | oversample | class-weights}</td>
 *       <td>the publisher (per-dataset setting)</td><td>clean, trainer</td></tr>
 *   <tr><td>{@value #CLASS_WEIGHTS}</td><td>{@code label=weight,...}, weights &gt; 0 (scikit-learn's
 *       {@code compute_class_weight("balanced")} over the cleaned dataset)</td><td>clean</td><td>trainer</td></tr>
 *   <tr><td>{@value #OVERSAMPLE_PLAN}</td><td>{@code label=extraCopies,...}, copies &gt;= 0</td><td>clean</td>
 *       <td>augment</td></tr>
 * </table>
 * Values are strings so that a seal stays one Avro map; the typed methods here are the only parsers.
 */
public final class SealConfig {

    /** The task the dataset was ingested for; {@code classification} when absent. */
    public static final String TASK = "task";
    /** The balance policy the publisher asked for. */
    public static final String BALANCE = "balance";
    /** The {@link #BALANCE} value asking for a weighted loss instead of resampling. */
    public static final String BALANCE_CLASS_WEIGHTS = "class-weights";
    /** Per-label loss weights clean computed, {@code label=weight,...}. */
    public static final String CLASS_WEIGHTS = "balance.class-weights";
    /** Extra copies per label augment makes of the train split, {@code label=extraCopies,...}. */
    public static final String OVERSAMPLE_PLAN = "balance.oversample-plan";

    private SealConfig() {
    }

    /** @return the sealed task in lower case; {@code classification} when the seal declares none, as ingest does */
    public static String task(Map<String, String> config) {
        return config.getOrDefault(TASK, "classification").strip().toLowerCase(Locale.ROOT);
    }

    /** @return whether the publisher asked for class weights instead of resampling */
    public static boolean wantsClassWeights(Map<String, String> config) {
        return BALANCE_CLASS_WEIGHTS.equals(config.get(BALANCE));
    }

    /**
     * @return the sealed class weights by label; empty when the seal has none (a seal written before clean sealed
     *     them, or a dataset that is not weighted)
     * @throws IllegalArgumentException when the value is not {@code label=weight,...} with finite weights &gt; 0
     */
    public static Optional<Map<String, Double>> classWeights(Map<String, String> config) {
        String value = config.get(CLASS_WEIGHTS);
        if (value == null) {
            return Optional.empty();
        }
        Map<String, Double> weights = new TreeMap<>();
        for (String part : value.split(",")) {
            String[] kv = part.split("=", 2);
            double w;
            try {
                w = Double.parseDouble(kv[1].strip());
            } catch (RuntimeException e) {
                w = Double.NaN;
            }
            if (kv[0].isBlank() || !(w > 0 && Double.isFinite(w))) {
                throw new IllegalArgumentException(CLASS_WEIGHTS + "=" + value
                        + ": expected label=weight,... with weights > 0");
            }
            weights.put(kv[0].strip(), w);
        }
        return Optional.of(weights);
    }

    /** @return the oversampling plan by label; empty when the seal has none */
    public static Map<String, Integer> oversamplePlan(Map<String, String> config) {
        String value = config.get(OVERSAMPLE_PLAN);
        Map<String, Integer> plan = new TreeMap<>();
        if (value == null || value.isBlank()) {
            return plan;
        }
        for (String part : value.split(",")) {
            String[] kv = part.split("=", 2);
            try {
                int copies = Integer.parseInt(kv[1].strip());
                if (copies < 0 || kv[0].isBlank()) {
                    throw new NumberFormatException("negative");
                }
                plan.put(kv[0].strip(), copies);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(OVERSAMPLE_PLAN + " must be label=copies,..., got: " + value);
            }
        }
        return plan;
    }

    /** @return {@code label=value,...} in label order, as the structured keys are written */
    public static String labelValues(Map<String, ?> byLabel) {
        return new TreeMap<>(byLabel).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
