package io.tunestream.augment.domain;

import java.util.List;

/** Splits a text into the word tokens EDA operates on, and joins tokens back into a text. */
public interface WordSegmenter {

    /** @return the segmenter's name for the stage report, e.g. {@code whitespace} or {@code jieba} */
    String name();

    /** @return the tokens of {@code text}, in a mutable list */
    List<String> split(String text);

    /** @return the tokens joined as the language writes them */
    String join(List<String> tokens);

    /** Whitespace-separated tokens joined by single spaces: English and other space-separated scripts. */
    WordSegmenter WHITESPACE = new WordSegmenter() {
        @Override
        public String name() {
            return "whitespace";
        }

        @Override
        public List<String> split(String text) {
            return Tokens.split(text);
        }

        @Override
        public String join(List<String> tokens) {
            return Tokens.join(tokens);
        }
    };
}
