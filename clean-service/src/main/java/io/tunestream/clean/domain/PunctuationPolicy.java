package io.tunestream.clean.domain;

/**
 * What {@link TextNormalizer} does with Unicode punctuation (general categories P*). Letters,
 * digits, marks and symbols (emoji, currency) are never touched, whatever the policy.
 */
public enum PunctuationPolicy {
    /** Leave punctuation as it is (the default: models read punctuation too). */
    KEEP,
    /** Delete punctuation characters ("don't" becomes "dont"). */
    REMOVE,
    /** Replace each punctuation run by a space ("e-mail" becomes "e mail"). */
    SPACE
}
