package io.tunestream.split.streams;

import io.tunestream.split.domain.LengthBucketSplitter;
import io.tunestream.split.domain.ScoreQuantileSplitter;
import io.tunestream.split.domain.SplitConfig;

import io.tunestream.schemas.DatasetSettingBounds;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-dataset split settings, keys of the seal's {@code config} over the service defaults:
 * {@code split} (train,validation,test shares, e.g. {@code 0.8,0.1,0.1}; {@code /} also separates),
 * {@code seed}, {@code split.group-aware} (true | false), and for causal-LM data {@code split.length-buckets} (the
 * most length buckets to stratify by, 1 to 64, default {@value LengthBucketSplitter#DEFAULT_BUCKETS}), for regression
 * data {@code split.score-quantiles} (the most score quantiles, 1 to 64, default
 * {@value ScoreQuantileSplitter#DEFAULT_QUANTILES}).
 */
public final class SplitSettings {

    /** Report/seal key: what the split was stratified by, {@code label} or {@code length-bucket}. */
    public static final String STRATIFY = "split.stratify";
    /** Seal config key of the number of length buckets (causal LM); the report and seal carry the number used. */
    public static final String LENGTH_BUCKETS = "split.length-buckets";
    /** Seal config key of the number of score quantiles (regression); the report and seal carry the number used. */
    public static final String SCORE_QUANTILES = "split.score-quantiles";
    private static final int MAX_LENGTH_BUCKETS = 64;

    private SplitSettings() {
    }

    /** The effective config; throws {@link IllegalArgumentException} naming the key of a bad value. */
    public static SplitConfig resolve(Map<String, String> dataset, Map<String, String> defaults) {
        Map<String, String> all = new TreeMap<>(defaults);
        all.putAll(dataset);
        DatasetSettingBounds.requireWithin(all); // a seal written straight to a topic skipped ingest's check
        double[] r = ratios(all.get("split"));
        long seed;
        try {
            seed = Long.parseLong(all.get("seed").trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("seed must be a whole number, got: " + all.get("seed"));
        }
        String group = all.getOrDefault("split.group-aware", "true").trim().toLowerCase(Locale.ROOT);
        if (!group.equals("true") && !group.equals("false")) {
            throw new IllegalArgumentException("split.group-aware must be true or false, got: " + group);
        }
        return new SplitConfig(r[0], r[1], r[2], seed, group.equals("true"));
    }

    /** The most score quantiles a regression dataset asks for (or the default). */
    public static int scoreQuantiles(Map<String, String> dataset, Map<String, String> defaults) {
        String value = dataset.getOrDefault(SCORE_QUANTILES, defaults.get(SCORE_QUANTILES));
        if (value == null) {
            return ScoreQuantileSplitter.DEFAULT_QUANTILES;
        }
        try {
            int k = Integer.parseInt(value.trim());
            if (k >= 1 && k <= MAX_LENGTH_BUCKETS) {
                return k;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(SCORE_QUANTILES + " must be a whole number in [1, " + MAX_LENGTH_BUCKETS
                + "], got: " + value);
    }

    /** The most length buckets a causal-LM dataset asks for (or the default). */
    public static int lengthBuckets(Map<String, String> dataset, Map<String, String> defaults) {
        String value = dataset.getOrDefault(LENGTH_BUCKETS, defaults.get(LENGTH_BUCKETS));
        if (value == null) {
            return LengthBucketSplitter.DEFAULT_BUCKETS;
        }
        try {
            int k = Integer.parseInt(value.trim());
            if (k >= 1 && k <= MAX_LENGTH_BUCKETS) {
                return k;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(LENGTH_BUCKETS + " must be a whole number in [1, " + MAX_LENGTH_BUCKETS
                + "], got: " + value);
    }

    /** The effective settings as text, for the stage report. */
    public static Map<String, String> describe(SplitConfig c) {
        return new TreeMap<>(Map.of("split", c.train() + "," + c.validation() + "," + c.test(),
                "seed", Long.toString(c.seed()), "split.group-aware", Boolean.toString(c.groupAware())));
    }

    private static double[] ratios(String value) {
        String[] parts = value == null ? new String[0] : value.trim().split("\\s*[,/]\\s*");
        if (parts.length != 3) {
            throw new IllegalArgumentException("split must be three shares train,validation,test, got: " + value);
        }
        double[] r = new double[3];
        try {
            for (int i = 0; i < 3; i++) {
                r[i] = Double.parseDouble(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("split must be three numbers, got: " + value);
        }
        return r;
    }
}
