package io.tunestream.clean.streams;

import io.tunestream.clean.domain.BalancePolicy;
import io.tunestream.clean.domain.CleanConfig;
import io.tunestream.clean.domain.LabelSettings;
import io.tunestream.clean.domain.NearDuplicateSettings;
import io.tunestream.clean.domain.TextSettings;

import io.tunestream.events.Task;
import io.tunestream.schemas.DatasetSettingBounds;
import io.tunestream.stage.DatasetTasks;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-dataset cleaning settings: keys of the seal's {@code config} (set at upload, e.g.
 * {@code ?balance=oversample&config.clean.html=true}) over the service defaults.
 *
 * <table>
 *   <tr><th>key</th><th>values</th></tr>
 *   <tr><td>{@code balance}</td><td>none | undersample | oversample | class-weights</td></tr>
 *   <tr><td>{@code seed}</td><td>a long</td></tr>
 *   <tr><td>{@code clean.near-duplicates}</td><td>off, or a Jaccard threshold in (0, 1]</td></tr>
 *   <tr><td>{@code clean.html}, {@code clean.email}, {@code clean.lowercase}, {@code clean.dedupe}</td><td>true | false</td></tr>
 *   <tr><td>{@code task}</td><td>classification | regression | causal_lm (set by ingest)</td></tr>
 * </table>
 *
 * <p>For {@code task=causal_lm} the balance policy and {@code clean.lowercase} do not apply: the data is cleaned
 * (NFKC, controls, whitespace, HTML/e-mail if asked, dedupe) and passed on unbalanced with its case and punctuation.
 * A dataset that asked for them anyway is not refused; {@link #ignored} names what was ignored, for the report.
 */
public final class CleanSettings {

    private CleanSettings() {
    }

    /** The effective config; throws {@link IllegalArgumentException} naming the key of a bad value. */
    public static CleanConfig resolve(Map<String, String> dataset, Map<String, String> defaults) {
        Map<String, String> all = new TreeMap<>(defaults);
        all.putAll(dataset);
        DatasetSettingBounds.requireWithin(all); // a seal written straight to a topic skipped ingest's check
        TextSettings text = TextSettings.defaults();
        text = new TextSettings(text.nfkc(), bool(all, "clean.lowercase"), text.keepNewlines(), text.punctuation(),
                bool(all, "clean.html"), bool(all, "clean.email"));
        CleanConfig config = new CleanConfig(text, LabelSettings.defaults(), bool(all, "clean.dedupe"),
                nearDuplicates(all.get("clean.near-duplicates")), balance(all.get("balance")), seed(all.get("seed")));
        return DatasetTasks.of(all) == Task.CAUSAL_LM ? config.forCausalLm() : config;
    }

    /**
     * Settings the dataset itself asked for that do not apply to its task (causal LM: a balance policy other than
     * none, {@code clean.lowercase=true}), with the value asked for; empty when none. Service defaults are not
     * listed: they never were the dataset's choice.
     */
    public static Map<String, String> ignored(Map<String, String> dataset) {
        Map<String, String> ignored = new TreeMap<>();
        if (DatasetTasks.of(dataset) != Task.CAUSAL_LM) {
            return ignored;
        }
        String balance = dataset.get("balance");
        if (balance != null && balance(balance) != BalancePolicy.NONE) {
            ignored.put("balance", balance);
        }
        if (bool(dataset, "clean.lowercase")) {
            ignored.put("clean.lowercase", "true");
        }
        return ignored;
    }

    /** The effective settings as text, for the stage report. */
    public static Map<String, String> describe(CleanConfig c) {
        Map<String, String> m = new TreeMap<>();
        m.put("balance", c.balance().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("seed", Long.toString(c.seed()));
        m.put("clean.near-duplicates", c.nearDuplicates().enabled() ? Double.toString(c.nearDuplicates().threshold()) : "off");
        m.put("clean.html", Boolean.toString(c.text().htmlToText()));
        m.put("clean.email", Boolean.toString(c.text().stripEmailParts()));
        m.put("clean.lowercase", Boolean.toString(c.text().lowercase()));
        m.put("clean.dedupe", Boolean.toString(c.dedupe()));
        m.put("clean.nfkc", Boolean.toString(c.text().nfkc()));
        return m;
    }

    static BalancePolicy balance(String value) {
        try {
            return BalancePolicy.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("balance must be none, undersample, oversample or class-weights, got: " + value);
        }
    }

    private static NearDuplicateSettings nearDuplicates(String value) {
        NearDuplicateSettings d = NearDuplicateSettings.defaults();
        if (value == null || value.equalsIgnoreCase("off")) {
            return new NearDuplicateSettings(false, d.threshold(), d.numPerms(), d.bands(), d.mode(), d.shingleSize());
        }
        double t;
        try {
            t = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            t = Double.NaN;
        }
        if (!(t > 0 && t <= 1)) {
            throw new IllegalArgumentException("clean.near-duplicates must be off or a threshold in (0, 1], got: " + value);
        }
        return new NearDuplicateSettings(true, t, d.numPerms(), d.bands(), d.mode(), d.shingleSize());
    }

    private static long seed(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("seed must be a whole number, got: " + value);
        }
    }

    private static boolean bool(Map<String, String> all, String key) {
        String v = all.getOrDefault(key, "false").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got: " + all.get(key));
        }
        return v.equals("true");
    }
}
