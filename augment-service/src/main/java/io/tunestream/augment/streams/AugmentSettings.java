package io.tunestream.augment.streams;

import io.tunestream.augment.domain.AugmentConfig;

import io.tunestream.schemas.DatasetSettingBounds;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-dataset augmentation settings, keys of the seal's {@code config} over the service defaults:
 * {@code augment.copies}, {@code augment.synonym-rate}, {@code augment.insertion-rate}, {@code augment.swap-rate},
 * {@code augment.deletion-rate} (each in [0, 1)), {@code augment.back-translation} (true | false), {@code seed}.
 *
 * <p>Causal-LM data ({@code task=causal_lm}) is never augmented: EDA's swaps, deletions and insertions break the very
 * sequences a language model learns to continue. Its records pass through unchanged, whatever the service defaults;
 * a dataset that asks for augmentation itself ({@link #augmentationAskedFor}) is refused with the reason.
 */
public final class AugmentSettings {

    private AugmentSettings() {
    }

    /** The effective config; throws {@link IllegalArgumentException} naming the key of a bad value. */
    public static AugmentConfig resolve(Map<String, String> dataset, Map<String, String> defaults) {
        Map<String, String> all = new TreeMap<>(defaults);
        all.putAll(dataset);
        DatasetSettingBounds.requireWithin(all); // a seal written straight to a topic skipped ingest's check
        int copies = (int) number(all, "augment.copies");
        if (copies < 0 || copies != number(all, "augment.copies")) {
            throw new IllegalArgumentException("augment.copies must be a whole number >= 0, got: " + all.get("augment.copies"));
        }
        String bt = all.getOrDefault("augment.back-translation", "false").trim().toLowerCase(Locale.ROOT);
        if (!bt.equals("true") && !bt.equals("false")) {
            throw new IllegalArgumentException("augment.back-translation must be true or false, got: " + bt);
        }
        return new AugmentConfig(rate(all, "augment.synonym-rate"), rate(all, "augment.insertion-rate"),
                rate(all, "augment.swap-rate"), rate(all, "augment.deletion-rate"), copies,
                (long) number(all, "seed"), bt.equals("true"));
    }

    /**
     * The augmentation a dataset's own config asks for ({@code augment.copies} above 0, a rate above 0,
     * {@code augment.back-translation=true}), as {@code key=value} text; empty when it asks for none.
     */
    public static String augmentationAskedFor(Map<String, String> dataset) {
        StringBuilder asked = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(dataset).entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            boolean on = key.equals("augment.back-translation") ? value.equalsIgnoreCase("true")
                    : (key.equals("augment.copies") || key.endsWith("-rate") && key.startsWith("augment.")) && positive(value);
            if (on) {
                asked.append(asked.isEmpty() ? "" : ", ").append(key).append('=').append(value);
            }
        }
        return asked.toString();
    }

    private static boolean positive(String value) {
        try {
            return Double.parseDouble(value) > 0;
        } catch (NumberFormatException e) {
            return true; // a malformed value still asks for something; resolve() names it
        }
    }

    /** The effective settings as text, for the stage report. */
    public static Map<String, String> describe(AugmentConfig c) {
        Map<String, String> m = new TreeMap<>();
        m.put("augment.copies", Integer.toString(c.copies()));
        m.put("augment.synonym-rate", Double.toString(c.synonymRate()));
        m.put("augment.insertion-rate", Double.toString(c.insertionRate()));
        m.put("augment.swap-rate", Double.toString(c.swapRate()));
        m.put("augment.deletion-rate", Double.toString(c.deletionRate()));
        m.put("augment.back-translation", Boolean.toString(c.backTranslation()));
        m.put("seed", Long.toString(c.seed()));
        return m;
    }

    private static double rate(Map<String, String> all, String key) {
        double r = number(all, key);
        if (!(r >= 0 && r < 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1), got: " + all.get(key));
        }
        return r;
    }

    private static double number(Map<String, String> all, String key) {
        try {
            return Double.parseDouble(all.get(key).trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a number, got: " + all.get(key));
        }
    }
}
