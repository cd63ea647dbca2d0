package io.tunestream.clean.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Unicode-safe text normalisation: NFKC, control and invisible format characters removed,
 * whitespace folded, punctuation handled by a {@link PunctuationPolicy}.
 *
 * <p>Unlike a {@code [^\w\s]} regex, this never deletes letters of any script: CJK, Arabic,
 * accented Latin, combining marks and emoji (including ZWJ sequences) pass through. Only
 * characters of categories Cc (controls) and Cf (format, except ZWJ/ZWNJ, which are part of
 * emoji sequences and of Persian/Indic spelling) are removed. Thread-safe and stateless.
 */
public final class TextNormalizer {

    private static final char ZWNJ = '\u200C';
    private static final char ZWJ = '\u200D';

    private final TextSettings settings;

    /** A normaliser with the given settings. */
    public TextNormalizer(TextSettings settings) {
        this.settings = settings;
    }

    /** The normalised text, trimmed; {@code ""} for {@code null} input. */
    public String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text;
        if (settings.nfkc() && !Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        }
        if (settings.lowercase()) {
            s = s.toLowerCase(Locale.ROOT);
        }
        return fold(s);
    }

    /** One pass: drops controls, folds whitespace runs (keeping one newline if configured), applies the policy. */
    private String fold(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int pendingSpace = 0; // 0 none, 1 space, 2 newline
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int kind = classify(cp);
            if (kind == DROP) {
                continue;
            }
            if (kind == SPACE || kind == NEWLINE) {
                pendingSpace = Math.max(pendingSpace, kind == NEWLINE && settings.keepNewlines() ? 2 : 1);
                continue;
            }
            if (pendingSpace > 0 && out.length() > 0) {
                out.append(pendingSpace == 2 ? '\n' : ' ');
            }
            pendingSpace = 0;
            out.appendCodePoint(cp);
        }
        return s.contentEquals(out) ? s : out.toString();
    }

    private static final int KEEP = 0;
    private static final int DROP = 1;
    private static final int SPACE = 2;
    private static final int NEWLINE = 3;

    private int classify(int cp) {
        if (cp < 0x80) { // ASCII fast path
            if (cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C) {
                return NEWLINE;
            }
            if (cp == ' ' || cp == '\t') {
                return SPACE;
            }
            if (cp < 0x20 || cp == 0x7F) {
                return DROP;
            }
            return isPunctuation(cp) ? punctuation() : KEEP;
        }
        if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
            return NEWLINE;
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return SPACE;
        }
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.FORMAT && cp != ZWJ && cp != ZWNJ) {
            return DROP;
        }
        return isPunctuation(cp) ? punctuation() : KEEP;
    }

    private int punctuation() {
        return switch (settings.punctuation()) {
            case KEEP -> KEEP;
            case REMOVE -> DROP;
            case SPACE -> SPACE;
        };
    }

    private static boolean isPunctuation(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
