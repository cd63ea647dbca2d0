package io.tunestream.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The documented maximum of every per-dataset setting that sizes a stage's work: the keys of a seal's
 * {@code config} map (set at upload as {@code ?config.<key>=...}). Ingest checks them at the door (400 naming the
 * key and the bound); each stage checks them again before any work, so a seal written straight to a topic with an
 * over-bound value is rejected with a reason instead of running a stage out of memory.
 *
 * <table>
 *   <caption>Bounds</caption>
 *   <tr><th>key</th><th>bound</th></tr>
 *   <tr><td>{@code augment.copies}</td><td>whole number in [0, {@value #MAX_AUGMENT_COPIES}]</td></tr>
 *   <tr><td>{@code augment.synonym-rate}, {@code augment.insertion-rate}, {@code augment.swap-rate},
 *       {@code augment.deletion-rate}</td><td>number in [0, 1)</td></tr>
 *   <tr><td>{@code balance.oversample-plan}</td><td>{@code label=copies,...}: at most {@value #MAX_LABELS}
 *       labels, copies whole numbers in [0, {@value #MAX_GENERATED_RECORDS}], summing to at most that</td></tr>
 *   <tr><td>{@code clean.near-duplicates}</td><td>off, or a threshold in (0, 1]</td></tr>
 *   <tr><td>{@code split}</td><td>three shares in [0, 1] summing to 1</td></tr>
 *   <tr><td>{@code seed}</td><td>a whole number (64 bits)</td></tr>
 *   <tr><td>(the map itself)</td><td>at most {@value #MAX_KEYS} keys of at most {@value #MAX_KEY_LENGTH}
 *       characters, values of at most {@value #MAX_VALUE_LENGTH} characters</td></tr>
 * </table>
 *
 * <p>Upload bytes and records are bounded by ingest's own limits ({@code tunestream.ingest.max-upload-bytes},
 * {@code max-records-per-dataset}, {@code max-text-bytes}); augment also refuses a version whose generated records
 * ({@code train records x augment.copies} plus the oversampling plan) would exceed {@value #MAX_GENERATED_RECORDS}.
 */
public final class DatasetSettingBounds {

    /** Most augmented copies per train record (EDA uses at most 16). */
    public static final int MAX_AUGMENT_COPIES = 16;
    /** Most records augment may generate for one dataset version (copies plus oversampling). */
    public static final long MAX_GENERATED_RECORDS = 10_000_000L;
    /** Most labels an oversampling plan may name. */
    public static final int MAX_LABELS = 10_000;
    /** Most keys in a dataset's config map. */
    public static final int MAX_KEYS = 64;
    /** Longest config key. */
    public static final int MAX_KEY_LENGTH = 128;
    /** Longest config value (an oversampling plan of many labels is the longest). */
    public static final int MAX_VALUE_LENGTH = 262_144;

    private static final double SHARE_TOLERANCE = 1e-6;

    /** Each bounded key with its bound, as text. */
    public static final Map<String, String> BOUNDS = Map.of(
            "augment.copies", "a whole number in [0, " + MAX_AUGMENT_COPIES + "]",
            "augment.synonym-rate", "a number in [0, 1)",
            "augment.insertion-rate", "a number in [0, 1)",
            "augment.swap-rate", "a number in [0, 1)",
            "augment.deletion-rate", "a number in [0, 1)",
            "balance.oversample-plan", "label=copies,... with at most " + MAX_LABELS + " labels and copies in [0, "
                    + MAX_GENERATED_RECORDS + "] summing to at most " + MAX_GENERATED_RECORDS,
            "clean.near-duplicates", "off or a threshold in (0, 1]",
            "split", "three shares train,validation,test in [0, 1] summing to 1",
            "seed", "a whole number in [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]");

    private static final Map<String, BiFunction<String, String, Boolean>> CHECKS = Map.of(
            "augment.copies", (k, v) -> wholeIn(v, 0, MAX_AUGMENT_COPIES),
            "augment.synonym-rate", (k, v) -> rate(v),
            "augment.insertion-rate", (k, v) -> rate(v),
            "augment.swap-rate", (k, v) -> rate(v),
            "augment.deletion-rate", (k, v) -> rate(v),
            "balance.oversample-plan", (k, v) -> oversamplePlan(v),
            "clean.near-duplicates", (k, v) -> v.trim().equalsIgnoreCase("off") || threshold(v),
            "split", (k, v) -> shares(v),
            "seed", (k, v) -> wholeIn(v, Long.MIN_VALUE, Long.MAX_VALUE));

    private DatasetSettingBounds() {
    }

    /**
     * One setting over its bound.
     *
     * @param key the config key
     * @param value its value (cut for display)
     * @param bound the documented bound
     */
    public record Violation(String key, String value, String bound) {

        /** @return "config.augment.copies must be ..., got: 2000000000" */
        public String message() {
            return "config." + key + " must be " + bound + ", got: " + value;
        }
    }

    /**
     * @param config a dataset's config map (keys without the {@code config.} prefix)
     * @return every violated bound, in key order; empty when all hold
     */
    public static List<Violation> violations(Map<String, String> config) {
        List<Violation> found = new ArrayList<>();
        if (config.size() > MAX_KEYS) {
            found.add(new Violation("*", config.size() + " keys", "at most " + MAX_KEYS + " keys"));
        }
        config.keySet().stream().sorted().forEach(key -> check(key, config.get(key)).ifPresent(found::add));
        return found;
    }

    /**
     * @throws SettingOutOfBoundsException naming the first violated key and its bound
     */
    public static void requireWithin(Map<String, String> config) {
        List<Violation> found = violations(config);
        if (!found.isEmpty()) {
            throw new SettingOutOfBoundsException(found.get(0));
        }
    }

    private static Optional<Violation> check(String key, String value) {
        if (key == null || key.length() > MAX_KEY_LENGTH) {
            return Optional.of(new Violation(Identifiers.shown(key), "(key)", "a key of at most " + MAX_KEY_LENGTH
                    + " characters"));
        }
        if (value == null || value.length() > MAX_VALUE_LENGTH) {
            return Optional.of(new Violation(key, value == null ? "(null)" : value.length() + " characters",
                    "a value of at most " + MAX_VALUE_LENGTH + " characters"));
        }
        BiFunction<String, String, Boolean> rule = CHECKS.get(key);
        return rule == null || rule.apply(key, value) ? Optional.empty()
                : Optional.of(new Violation(key, Identifiers.shown(value), BOUNDS.get(key)));
    }

    private static boolean wholeIn(String v, long min, long max) {
        try {
            long n = Long.parseLong(v.trim());
            return n >= min && n <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean rate(String v) {
        double r = number(v);
        return r >= 0 && r < 1;
    }

    private static boolean threshold(String v) {
        double t = number(v);
        return t > 0 && t <= 1;
    }

    private static boolean shares(String v) {
        String[] parts = v.trim().split("\\s*[,/]\\s*");
        if (parts.length != 3) {
            return false;
        }
        double sum = 0;
        for (String p : parts) {
            double share = number(p);
            if (!(share >= 0 && share <= 1)) {
                return false;
            }
            sum += share;
        }
        return Math.abs(sum - 1) <= SHARE_TOLERANCE;
    }

    private static boolean oversamplePlan(String v) {
        if (v.isBlank()) {
            return true;
        }
        String[] parts = v.split(",");
        if (parts.length > MAX_LABELS) {
            return false;
        }
        long total = 0;
        for (String part : parts) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !wholeIn(kv[1], 0, MAX_GENERATED_RECORDS)) {
                return false;
            }
            total += Long.parseLong(kv[1].trim());
        }
        return total <= MAX_GENERATED_RECORDS;
    }

    /** A dataset setting over its documented bound. */
    public static final class SettingOutOfBoundsException extends IllegalArgumentException {

        private final transient Violation violation;

        /** @param violation the violated bound */
        public SettingOutOfBoundsException(Violation violation) {
            super(violation.message());
            this.violation = violation;
        }

        /** @return the violated bound */
        public Violation violation() {
            return violation;
        }
    }
}
