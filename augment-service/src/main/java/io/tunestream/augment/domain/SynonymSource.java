package io.tunestream.augment.domain;

import java.util.List;

/** Synonyms of a word in context. */
public interface SynonymSource {

    /**
     * Synonyms of {@code word} (any case), best-sense first, never the word itself; empty when
     * none are known. {@code previousWord} (may be {@code null}) helps choose the part of speech.
     */
    List<String> synonyms(String word, String previousWord);
}
