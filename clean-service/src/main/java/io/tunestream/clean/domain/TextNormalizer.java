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
    private final int[] ascii = new int[0x80];
    /** fold's output buffer, one per thread (texts are cleaned on all cores), grown as needed. */
    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[1024]); // the class of each ASCII character under these settings

    /** A normaliser with the given settings. */
    public TextNormalizer(TextSettings settings) {
        this.settings = settings;
        for (int c = 0; c < 0x80; c++) {
            ascii[c] = classify(c);
        }
    }

    /** The normalised text, trimmed; {@code ""} for {@code null} input. */
    public String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text;
        if (settings.nfkc() && !isAscii(s) && !Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKC); // ASCII is NFKC-stable: skip the check for it
        }
        if (settings.lowercase()) {
            s = s.toLowerCase(Locale.ROOT);
        }
        return fold(s);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * One pass into the thread's char buffer (the output is never longer than the input): drops controls,
     * folds whitespace runs (one newline kept if configured), applies the punctuation policy.
     * Returns the input itself when nothing changed.
     */
    private String fold(String s) {
        int n = s.length();
        char[] out = BUFFER.get();
        if (out.length < n) {
            out = new char[Math.max(n, 2 * out.length)];
            BUFFER.set(out);
        }
        int len = 0;
        int pendingSpace = 0; // 0 none, 1 space, 2 newline
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(i + 1));
            }
            int kind = c < 0x80 ? ascii[c] : classify(cp);
            if (kind == DROP) {
                i += Character.charCount(cp) - 1;
                continue;
            }
            if (kind == SPACE || kind == NEWLINE) {
                pendingSpace = Math.max(pendingSpace, kind == NEWLINE && settings.keepNewlines() ? 2 : 1);
                continue;
            }
            if (pendingSpace > 0 && len > 0) {
                out[len++] = pendingSpace == 2 ? '\n' : ' ';
            }
            pendingSpace = 0;
            out[len++] = c;
            if (cp != c) {
                out[len++] = s.charAt(++i);
            }
        }
        return len == n && unchanged(s, out, n) ? s : new String(out, 0, len);
    }

    private static boolean unchanged(String s, char[] out, int n) {
        for (int i = 0; i < n; i++) {
            if (out[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
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
