package io.tunestream.augment.domain;

/** Paraphrases a text by translating it into a pivot language and back (back-translation). */
public interface BackTranslationClient {

    /**
     * The text translated to the pivot language and back.
     *
     * @throws BackTranslationException when the translation service fails or answers nonsense
     */
    String backTranslate(String text);
}
