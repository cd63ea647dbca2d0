package io.tunestream.augment.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What augmentation does to a dataset, given its language: EDA's WordNet operations (synonym replacement,
 * insertion) only for English; random swap and deletion on words wherever words can be found (whitespace, or jieba
 * for Chinese); nothing at all for a script written without spaces that no bundled segmenter knows. The language is
 * the dataset's {@code language} setting, or detected from the train texts when it is {@code auto} (the default):
 * Han script means Chinese, Latin script with at least 15% English stop words means English. Detection reads at most
 * {@value #DETECTION_SAMPLE} texts, one from each of as many equal stretches of the train split at a seeded random place
 * in it (deterministic, and not fooled by a split whose texts repeat with a period): shares of scripts and stop words
 * settle long before that, and a million-record version is not read twice for it.
 *
 * @param language   the language decided, e.g. {@code en}, {@code zh}, {@code ja}, {@code und-Latn}
 * @param reason     how it was decided, e.g. {@code declared} or {@code detected: Han script, 97% of letters}
 * @param segmenter  the word segmenter, or null when no operation can run
 * @param config     the settings with the rates of the operations that do not apply set to 0
 * @param note       one line for the stage report saying what augmentation does to this dataset and why
 */
public record LanguagePlan(String language, String reason, WordSegmenter segmenter, AugmentConfig config, String note) {

    /** The seal/config value that asks for detection. */
    public static final String AUTO = "auto";
    private static final double ENGLISH_STOP_WORD_SHARE = 0.15;
    /** Most train texts detection reads. */
    public static final int DETECTION_SAMPLE = 5000;

    /** Whether any operation can still run (copies or oversampling can be generated). */
    public boolean augments() {
        return segmenter != null && (config.synonymRate() > 0 || config.insertionRate() > 0 || config.swapRate() > 0
                || config.deletionRate() > 0 || config.backTranslation());
    }

    /**
     * @param declared  the dataset's {@code language} setting ({@value #AUTO}, {@code en}, {@code zh}, {@code ja}, ...)
     * @param trainTexts the train split's texts (for detection)
     * @param asked     the settings asked for
     * @param stopWords English stop words (for detection)
     */
    public static LanguagePlan decide(String declared, List<String> trainTexts, AugmentConfig asked, StopWords stopWords) {
        String value = declared == null || declared.isBlank() ? AUTO : declared.strip().toLowerCase(Locale.ROOT);
        if (!value.equals(AUTO)) {
            return forLanguage(value, "declared", asked);
        }
        List<String> sample = sample(trainTexts, DETECTION_SAMPLE);
        WritingSystem.Detected detected = WritingSystem.detect(sample);
        String how = String.format(Locale.ROOT, "detected: %s script, %.0f%% of letters",
                detected.system().name().toLowerCase(Locale.ROOT), 100 * detected.share());
        String language = switch (detected.system()) {
            case HAN -> "zh";
            case JAPANESE -> "ja";
            case SOUTHEAST_ASIAN -> "und-nospace";
            case LATIN -> englishShare(sample, stopWords) >= ENGLISH_STOP_WORD_SHARE ? "en" : "und-Latn";
            case OTHER_SPACED, NONE -> "und";
        };
        return forLanguage(language, how, asked);
    }

    /**
     * At most {@code n} of the texts, in order: one from each of {@code n} equal stretches, at a random place in it
     * drawn from a fixed seed; all of them when there are no more.
     */
    static List<String> sample(List<String> texts, int n) {
        if (texts.size() <= n) {
            return texts;
        }
        SplittableRandom random = new SplittableRandom(42);
        List<String> sample = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long from = (long) i * texts.size() / n;
            long to = (long) (i + 1) * texts.size() / n;
            sample.add(texts.get((int) (from + random.nextLong(to - from))));
        }
        return sample;
    }

    private static LanguagePlan forLanguage(String language, String reason, AugmentConfig asked) {
        String base = language.split("[-_]", 2)[0];
        if (base.equals("en")) {
            return new LanguagePlan(language, reason, WordSegmenter.WHITESPACE, asked,
                    "language en (" + reason + "): EDA on whitespace words, WordNet synonym replacement and insertion on");
        }
        AugmentConfig noWordNet = new AugmentConfig(0, 0, asked.swapRate(), asked.deletionRate(), asked.copies(),
                asked.seed(), asked.backTranslation());
        if (base.equals("zh")) {
            return new LanguagePlan(language, reason, new ChineseWordSegmenter(), noWordNet, "language " + language
                    + " (" + reason + "): words segmented with jieba; random swap and deletion on words; WordNet "
                    + "synonym replacement and insertion off (English WordNet)");
        }
        if (List.of("ja", "th", "lo", "km", "my", "und-nospace").contains(language) || List.of("ja", "th", "lo", "km",
                "my").contains(base)) {
            AugmentConfig none = new AugmentConfig(0, 0, 0, 0, asked.copies(), asked.seed(), false);
            return new LanguagePlan(language, reason, null, none, "augmentation skipped: language " + language + " ("
                    + reason + ") is written without spaces between words and no bundled segmenter knows it (jieba "
                    + "segments Chinese only); records pass through unchanged");
        }
        return new LanguagePlan(language, reason, WordSegmenter.WHITESPACE, noWordNet, "language " + language + " ("
                + reason + "): random swap and deletion on whitespace words; WordNet synonym replacement and "
                + "insertion off (English WordNet)");
    }

    private static double englishShare(List<String> texts, StopWords stopWords) {
        long words = 0;
        long stop = 0;
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            for (String token : Tokens.split(text)) {
                String word = Tokens.word(token);
                if (word != null) {
                    words++;
                    stop += stopWords.contains(word) ? 1 : 0;
                }
            }
        }
        return words == 0 ? 0 : (double) stop / words;
    }
}
