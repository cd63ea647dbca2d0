package io.tunestream.augment.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Whitespace tokens of a sentence, and the word inside a token (without the punctuation around
 * it, so "good," is the word "good"). EDA operates on these tokens.
 */
final class Tokens {

    private Tokens() {
    }

    /** The whitespace-separated tokens of {@code text}, in a mutable list. */
    static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        int n = text.length();
        for (int i = 0; i < n; ) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(text.substring(start, i));
            }
        }
        return tokens;
    }

    /** Tokens joined by single spaces. */
    static String join(List<String> tokens) {
        return String.join(" ", tokens);
    }

    /** Index of the first letter or digit, or -1. */
    static int coreStart(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetterOrDigit(token.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Index after the last letter or digit. */
    static int coreEnd(String token) {
        for (int i = token.length(); i > 0; i--) {
            if (Character.isLetterOrDigit(token.charAt(i - 1))) {
                return i;
            }
        }
        return 0;
    }

    /** The word inside the token, or {@code null} when it holds no letter. */
    static String word(String token) {
        int s = coreStart(token);
        return s < 0 ? null : token.substring(s, coreEnd(token));
    }

    /** The token with its word replaced, punctuation around it kept and initial capital carried over. */
    static String replaceWord(String token, String replacement) {
        int s = coreStart(token);
        String word = token.substring(s, coreEnd(token));
        String r = Character.isUpperCase(word.charAt(0)) && !replacement.isEmpty()
                ? Character.toUpperCase(replacement.charAt(0)) + replacement.substring(1) : replacement;
        return token.substring(0, s) + r + token.substring(coreEnd(token));
    }

    /** Whether the word is made of letters (and inner hyphens or apostrophes) only: a dictionary candidate. */
    static boolean isAlphabetic(String word) {
        if (word == null || word.length() < 2) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!Character.isLetter(c) && c != '-' && c != '\'') {
                return false;
            }
        }
        return true;
    }
}
