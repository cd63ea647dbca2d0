package io.tunestream.augment.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Positions of the tokens whose word may be looked up in the dictionary: alphabetic and not a stop word. */
final class WordCandidates {

    private WordCandidates() {
    }

    /** Eligible token positions, shuffled with {@code random}. */
    static List<Integer> shuffled(List<String> tokens, StopWords stopWords, RandomGenerator random) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String word = Tokens.word(tokens.get(i));
            if (Tokens.isAlphabetic(word) && !stopWords.contains(word)) {
                positions.add(i);
            }
        }
        for (int i = positions.size() - 1; i > 0; i--) { // Fisher-Yates with the record's generator
            int j = random.nextInt(i + 1);
            positions.set(i, positions.set(j, positions.get(i)));
        }
        return positions;
    }

    /** Number of words an operation with rate {@code alpha} changes in a sentence of {@code n} tokens (EDA). */
    static int count(double alpha, int n) {
        return Math.max(1, (int) (alpha * n));
    }

    /** The word before position {@code i}, for the part-of-speech guess, or {@code null}. */
    static String previousWord(List<String> tokens, int i) {
        return i > 0 ? Tokens.word(tokens.get(i - 1)) : null;
    }
}
