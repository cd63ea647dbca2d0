package io.tunestream.clean.domain;

import java.util.Objects;

/**
 * Settings of one cleaning run, per dataset. {@link #defaults()}: NFKC on, HTML and e-mail
 * stripping off, punctuation kept, labels case-folded, exact dedupe on, near-duplicate removal on
 * at Jaccard 0.9, balance by undersampling to the smallest class, seed 42.
 *
 * @param text           text normalisation
 * @param labels         label normalisation
 * @param dedupe         drop records whose normalised text was seen before; default on
 * @param nearDuplicates near-duplicate removal
 * @param balance        balance policy; default {@link BalancePolicy#UNDERSAMPLE}
 * @param seed           seed of every random choice (undersampling); default 42
 * @param causalLm       causal-LM data: case, punctuation and line breaks (runs folded to one) are kept, labels are
 *                       neither normalised nor required,
 *                       no balancing; prompt and completion are normalised separately and deduplicated as a pair
 */
public record CleanConfig(TextSettings text, LabelSettings labels, boolean dedupe,
                          NearDuplicateSettings nearDuplicates, BalancePolicy balance, long seed, boolean causalLm) {

    /** Requires every part; causal-LM data always keeps case and punctuation and is never balanced. */
    public CleanConfig {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(nearDuplicates, "nearDuplicates");
        Objects.requireNonNull(balance, "balance");
        if (causalLm) {
            text = new TextSettings(text.nfkc(), false, true, PunctuationPolicy.KEEP, text.htmlToText(),
                    text.stripEmailParts());
            balance = BalancePolicy.NONE;
        }
    }

    /** A config for classification or regression data. */
    public CleanConfig(TextSettings text, LabelSettings labels, boolean dedupe, NearDuplicateSettings nearDuplicates,
                       BalancePolicy balance, long seed) {
        this(text, labels, dedupe, nearDuplicates, balance, seed, false);
    }

    /** This config for causal-LM data (see {@code causalLm}). */
    public CleanConfig forCausalLm() {
        return new CleanConfig(text, labels, dedupe, nearDuplicates, balance, seed, true);
    }

    /** The documented defaults. */
    public static CleanConfig defaults() {
        return new CleanConfig(TextSettings.defaults(), LabelSettings.defaults(), true,
                NearDuplicateSettings.defaults(), BalancePolicy.UNDERSAMPLE, 42L);
    }

    /** This config with other text settings. */
    public CleanConfig withText(TextSettings newText) {
        return new CleanConfig(newText, labels, dedupe, nearDuplicates, balance, seed, causalLm);
    }

    /** This config with other label settings. */
    public CleanConfig withLabels(LabelSettings newLabels) {
        return new CleanConfig(text, newLabels, dedupe, nearDuplicates, balance, seed, causalLm);
    }

    /** This config with other near-duplicate settings. */
    public CleanConfig withNearDuplicates(NearDuplicateSettings newNearDuplicates) {
        return new CleanConfig(text, labels, dedupe, newNearDuplicates, balance, seed, causalLm);
    }

    /** This config with another balance policy. */
    public CleanConfig withBalance(BalancePolicy newBalance) {
        return new CleanConfig(text, labels, dedupe, nearDuplicates, newBalance, seed, causalLm);
    }

    /** This config with exact dedupe on or off. */
    public CleanConfig withDedupe(boolean on) {
        return new CleanConfig(text, labels, on, nearDuplicates, balance, seed, causalLm);
    }
}
