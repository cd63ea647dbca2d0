package io.tunestream.augment.domain;

import java.util.List;
import java.util.random.RandomGenerator;

/** Back-translation as an augmentation operation: the whole sentence is paraphrased by a {@link BackTranslationClient}. */
public final class BackTranslation implements AugmentationOperation {

    private final BackTranslationClient client;

    /** An operation calling {@code client}. */
    public BackTranslation(BackTranslationClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "augment:backtranslate";
    }

    /** Replaces the tokens by those of the back-translated sentence; the random generator is not used. */
    @Override
    public boolean apply(List<String> tokens, RandomGenerator random) {
        String text = Tokens.join(tokens);
        List<String> paraphrase = Tokens.split(client.backTranslate(text));
        if (paraphrase.isEmpty() || paraphrase.equals(tokens)) {
            return false;
        }
        tokens.clear();
        tokens.addAll(paraphrase);
        return true;
    }
}
