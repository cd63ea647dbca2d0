package io.tunestream.clean.domain;

import java.util.Objects;

/**
 * How text is normalised.
 *
 * @param nfkc           apply Unicode NFKC (compatibility) normalisation; default on
 * @param lowercase      case-fold with {@link java.util.Locale#ROOT}; default off
 * @param keepNewlines   keep line breaks (folded to one) instead of turning them into spaces; default off
 * @param punctuation    punctuation policy; default {@link PunctuationPolicy#KEEP}
 * @param htmlToText     convert HTML to text before normalising (jsoup); default off
 * @param stripEmailParts remove quoted replies, "On ... wrote:" lines and signatures; default off
 */
public record TextSettings(boolean nfkc, boolean lowercase, boolean keepNewlines, PunctuationPolicy punctuation,
                           boolean htmlToText, boolean stripEmailParts) {

    /** Requires a punctuation policy. */
    public TextSettings {
        Objects.requireNonNull(punctuation, "punctuation");
    }

    /** NFKC on, case kept, newlines folded into spaces, punctuation kept, no HTML or e-mail processing. */
    public static TextSettings defaults() {
        return new TextSettings(true, false, false, PunctuationPolicy.KEEP, false, false);
    }
}
