package io.tunestream.clean.domain;

import java.nio.charset.StandardCharsets;
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
    /** The class of each ASCII character under these settings. */
    private final int[] ascii = new int[0x80];
    /** fold's output buffer, one per thread (texts are cleaned on all cores), grown as needed. */
    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[1024]);
    /** foldAscii's output buffer, one per thread, grown as needed. */
    private static final ThreadLocal<byte[]> ASCII_BUFFER = ThreadLocal.withInitial(() -> new byte[1024]);

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
        // ASCII is NFKC-stable and lower-cased per character: folded straight into bytes, else the general path
        String folded = foldAscii(text);
        return folded != null ? folded : normalizeChars(text);
    }

    /** {@link #normalize(String)} without the ASCII path: every text through NFKC, lower case and {@code fold}. */
    String normalizeChars(String text) {
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

    /**
     * {@link #fold(String)} (and lower case, when set) for an all-ASCII text, into the thread's byte buffer, or null at
     * its first non-ASCII character. Returns the text itself when nothing changed.
     */
    private String foldAscii(String s) {
        int n = s.length();
        byte[] out = ASCII_BUFFER.get();
        if (out.length < n) {
            out = new byte[Math.max(n, 2 * out.length)];
            ASCII_BUFFER.set(out);
        }
        boolean lower = settings.lowercase();
        int newline = settings.keepNewlines() ? 2 : 1;
        boolean changed = false;
        int len = 0;
        int pendingSpace = 0; // 0 none, 1 space, 2 newline
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            int kind = ascii[c];
            if (kind == KEEP) {
                if (pendingSpace > 0 && len > 0) {
                    byte space = pendingSpace == 2 ? (byte) '\n' : (byte) ' ';
                    changed |= len != i - 1 || s.charAt(i - 1) != space;
                    out[len++] = space;
                }
                pendingSpace = 0;
                byte b = (byte) (lower && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
                changed |= b != c;
                out[len++] = b;
            } else if (kind == SPACE) {
                pendingSpace = Math.max(pendingSpace, 1);
            } else if (kind == NEWLINE) {
                pendingSpace = Math.max(pendingSpace, newline);
            }
        }
        return !changed && len == n ? s : new String(out, 0, len, StandardCharsets.ISO_8859_1);
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
