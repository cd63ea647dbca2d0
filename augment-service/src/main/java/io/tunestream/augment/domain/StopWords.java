package io.tunestream.augment.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A stop-word list, matched case-insensitively. {@link #english()} is the NLTK English list
 * (the one the EDA reference implementation uses), read once from the classpath. Immutable.
 */
public final class StopWords {

    private static final StopWords ENGLISH = load("stopwords-en.txt");

    private final Set<String> words;

    private StopWords(Set<String> words) {
        this.words = Set.copyOf(words);
    }

    /** The English list. */
    public static StopWords english() {
        return ENGLISH;
    }

    /** Whether {@code word} is a stop word (case-insensitive). */
    public boolean contains(String word) {
        return words.contains(word) || words.contains(word.toLowerCase(Locale.ROOT)); // most words are lower case
    }

    /** Number of words in the list. */
    public int size() {
        return words.size();
    }

    private static StopWords load(String resource) {
        try (InputStream in = StopWords.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("stop-word list not on the classpath: " + resource);
            }
            Set<String> words = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String w = line.strip();
                if (!w.isEmpty() && !w.startsWith("#")) {
                    words.add(w.toLowerCase(Locale.ROOT));
                }
            }
            return new StopWords(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
