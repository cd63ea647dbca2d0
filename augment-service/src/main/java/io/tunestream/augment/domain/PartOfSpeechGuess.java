package io.tunestream.augment.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.extjwnl.data.POS;

/**
 * A cheap part-of-speech guess for synonym lookup, without a tagger: after a determiner or
 * possessive a noun (else adjective); after "to" or a modal a verb; an "-ly" word an adverb;
 * otherwise the part of speech under which WordNet lists the most senses (its most frequent use),
 * which callers put first in {@code available}. Only parts of speech the word has are chosen.
 */
final class PartOfSpeechGuess {

    private static final Set<String> DETERMINERS = Set.of("a", "an", "the", "this", "that", "these", "those", "my",
            "your", "his", "her", "its", "our", "their", "some", "every", "each", "no");
    private static final Set<String> VERB_CUES = Set.of("to", "will", "would", "can", "could", "should", "shall",
            "may", "might", "must", "please", "don't", "didn't", "won't", "cannot");

    private PartOfSpeechGuess() {
    }

    static POS guess(String word, String previousWord, Map<POS, ?> available) {
        String previous = previousWord == null ? "" : previousWord.toLowerCase(Locale.ROOT);
        if (DETERMINERS.contains(previous)) {
            return first(available, POS.NOUN, POS.ADJECTIVE);
        }
        if (VERB_CUES.contains(previous) && available.containsKey(POS.VERB)) {
            return POS.VERB;
        }
        if (word.endsWith("ly") && available.containsKey(POS.ADVERB)) {
            return POS.ADVERB;
        }
        return available.keySet().iterator().next(); // ordered by sense count, most first
    }

    private static POS first(Map<POS, ?> available, POS preferred, POS second) {
        if (available.containsKey(preferred)) {
            return preferred;
        }
        if (available.containsKey(second)) {
            return second;
        }
        return available.keySet().iterator().next();
    }
}
