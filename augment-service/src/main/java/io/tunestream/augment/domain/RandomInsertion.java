package io.tunestream.augment.domain;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * EDA random insertion: {@code max(1, alpha * n)} times, takes a random non-stop word of the
 * sentence that has synonyms and inserts one of its synonyms at a random position. Existing
 * tokens are never changed.
 */
public final class RandomInsertion implements AugmentationOperation {

    private static final int MAX_TRIES = 10;

    private final double alpha;
    private final SynonymSource synonyms;
    private final StopWords stopWords;

    /** An operation with rate {@code alpha} in (0, 1]. */
    public RandomInsertion(double alpha, SynonymSource synonyms, StopWords stopWords) {
        this.alpha = alpha;
        this.synonyms = synonyms;
        this.stopWords = stopWords;
    }

    @Override
    public String name() {
        return "augment:insert";
    }

    @Override
    public boolean apply(List<String> tokens, RandomGenerator random) {
        int wanted = WordCandidates.count(alpha, tokens.size());
        int inserted = 0;
        while (inserted < wanted && insertOne(tokens, random)) {
            inserted++;
        }
        return inserted > 0;
    }

    /** Inserts a synonym of a random eligible word (EDA tries up to 10 words); false when none has one. */
    private boolean insertOne(List<String> tokens, RandomGenerator random) {
        List<Integer> candidates = WordCandidates.shuffled(tokens, stopWords, random);
        for (int i = 0; i < Math.min(MAX_TRIES, candidates.size()); i++) {
            int position = candidates.get(i);
            List<String> options = synonyms.synonyms(Tokens.word(tokens.get(position)),
                    WordCandidates.previousWord(tokens, position));
            if (!options.isEmpty()) {
                tokens.add(random.nextInt(tokens.size() + 1), options.get(random.nextInt(options.size())));
                return true;
            }
        }
        return false;
    }
}
