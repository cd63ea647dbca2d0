package io.tunestream.augment.domain;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * EDA synonym replacement: replaces {@code max(1, alpha * n)} random non-stop words by a random
 * synonym (part-of-speech aware when the source is), keeping surrounding punctuation and an
 * initial capital. Stop words and words without synonyms are never touched.
 */
public final class SynonymReplacement implements AugmentationOperation {

    private final double alpha;
    private final SynonymSource synonyms;
    private final StopWords stopWords;

    /** An operation with rate {@code alpha} in (0, 1]. */
    public SynonymReplacement(double alpha, SynonymSource synonyms, StopWords stopWords) {
        this.alpha = alpha;
        this.synonyms = synonyms;
        this.stopWords = stopWords;
    }

    @Override
    public String name() {
        return "augment:synonym";
    }

    @Override
    public boolean apply(List<String> tokens, RandomGenerator random) {
        int wanted = WordCandidates.count(alpha, tokens.size());
        int replaced = 0;
        for (int position : WordCandidates.shuffled(tokens, stopWords, random)) {
            String token = tokens.get(position);
            List<String> options = synonyms.synonyms(Tokens.word(token), WordCandidates.previousWord(tokens, position));
            if (!options.isEmpty()) {
                tokens.set(position, Tokens.replaceWord(token, options.get(random.nextInt(options.size()))));
                if (++replaced >= wanted) {
                    break;
                }
            }
        }
        return replaced > 0;
    }
}
