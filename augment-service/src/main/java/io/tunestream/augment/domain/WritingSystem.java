package io.tunestream.augment.domain;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The script most letters of a dataset's texts are written in, counted over every letter, and whether that script
 * separates words with spaces (what EDA's whitespace tokens assume).
 */
public enum WritingSystem {
    /** Latin letters, words separated by spaces. */
    LATIN(true),
    /** Chinese characters (Han) without kana: no spaces between words. */
    HAN(false),
    /** Japanese (Han with hiragana or katakana): no spaces between words. */
    JAPANESE(false),
    /** Thai, Lao, Khmer, Myanmar: no spaces between words. */
    SOUTHEAST_ASIAN(false),
    /** Any other script that separates words with spaces (Cyrillic, Greek, Arabic, Hangul, Devanagari, ...). */
    OTHER_SPACED(true),
    /** No letters at all. */
    NONE(true);

    private final boolean spaceSeparated;

    WritingSystem(boolean spaceSeparated) {
        this.spaceSeparated = spaceSeparated;
    }

    /** @return whether words are separated by spaces in this script */
    public boolean spaceSeparated() {
        return spaceSeparated;
    }

    /**
     * A detection: the writing system and the share of letters in its script.
     *
     * @param system the dominant writing system
     * @param share  share of all letters in that script (0 when there are none)
     */
    public record Detected(WritingSystem system, double share) {
    }

    /** The writing system of most letters of {@code texts}; Japanese as soon as kana are 5% of Han and kana. */
    public static Detected detect(List<String> texts) {
        Map<Character.UnicodeScript, Long> counts = new EnumMap<>(Character.UnicodeScript.class);
        long letters = 0;
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                if (Character.isLetter(cp)) {
                    counts.merge(Character.UnicodeScript.of(cp), 1L, Long::sum);
                    letters++;
                }
            }
        }
        if (letters == 0) {
            return new Detected(NONE, 0);
        }
        long han = counts.getOrDefault(Character.UnicodeScript.HAN, 0L);
        long kana = counts.getOrDefault(Character.UnicodeScript.HIRAGANA, 0L)
                + counts.getOrDefault(Character.UnicodeScript.KATAKANA, 0L);
        Character.UnicodeScript top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        if ((top == Character.UnicodeScript.HAN || kana > 0) && han + kana >= letters / 2) {
            boolean japanese = kana >= 0.05 * (han + kana);
            return new Detected(japanese ? JAPANESE : HAN, (double) (han + kana) / letters);
        }
        double share = (double) counts.get(top) / letters;
        return new Detected(switch (top) {
            case LATIN -> LATIN;
            case THAI, LAO, KHMER, MYANMAR -> SOUTHEAST_ASIAN;
            default -> OTHER_SPACED;
        }, share);
    }
}
