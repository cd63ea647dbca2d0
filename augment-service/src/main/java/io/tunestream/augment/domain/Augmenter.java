package io.tunestream.augment.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Generates augmented copies of train records with the EDA operations (and back-translation when
 * configured). Each copy applies one operation, drawn from the record's own random stream; when
 * it changes nothing (e.g. no word has a synonym) the next operation is tried, and a copy that
 * would equal its source is not emitted. Copies get the id {@code <source id>~aug<k>}, the
 * source id, and the operation in their lineage. Thread-safe.
 */
public final class Augmenter {

    private final AugmentConfig config;
    private final WordSegmenter segmenter;
    private final List<AugmentationOperation> operations = new ArrayList<>();

    /**
     * An augmenter of whitespace-separated words; {@code backTranslation} may be {@code null} unless the config
     * switches it on.
     */
    public Augmenter(AugmentConfig config, SynonymSource synonyms, StopWords stopWords,
                     BackTranslationClient backTranslation) {
        this(config, synonyms, stopWords, backTranslation, WordSegmenter.WHITESPACE);
    }

    /** An augmenter whose operations act on the words {@code segmenter} finds (see {@link LanguagePlan}). */
    public Augmenter(AugmentConfig config, SynonymSource synonyms, StopWords stopWords,
                     BackTranslationClient backTranslation, WordSegmenter segmenter) {
        this.config = config;
        this.segmenter = segmenter;
        if (config.synonymRate() > 0) {
            operations.add(new SynonymReplacement(config.synonymRate(), synonyms, stopWords));
        }
        if (config.insertionRate() > 0) {
            operations.add(new RandomInsertion(config.insertionRate(), synonyms, stopWords));
        }
        if (config.swapRate() > 0) {
            operations.add(new RandomSwap(config.swapRate()));
        }
        if (config.deletionRate() > 0) {
            operations.add(new RandomDeletion(config.deletionRate()));
        }
        if (config.backTranslation()) {
            if (backTranslation == null) {
                throw new IllegalArgumentException("backTranslation is on but no client was given");
            }
            operations.add(new BackTranslation(backTranslation));
        }
    }

    /** An augmenter with WordNet synonyms, English stop words and no back-translation. */
    public static Augmenter withWordNet(AugmentConfig config) {
        return new Augmenter(config, new WordNetSynonyms(), StopWords.english(), null);
    }

    /** Up to {@code copies} augmented copies of one record. */
    public List<TextRecord> augment(TextRecord source) {
        List<TextRecord> copies = new ArrayList<>(config.copies());
        if (source.text() == null || config.copies() == 0) {
            return copies; // no copies asked: the text is not even split into words
        }
        List<String> original = segmenter.split(source.text()); // once for all copies
        for (int k = 0; k < config.copies(); k++) {
            generate(source, original, "aug", k, List.of()).ifPresent(copies::add);
        }
        return copies;
    }

    /** Every record followed by its copies: the augmented train split. */
    public List<TextRecord> augmentAll(List<TextRecord> train) {
        List<TextRecord> out = new ArrayList<>(train.size() * (1 + config.copies()));
        for (TextRecord r : train) {
            out.add(r);
            out.addAll(augment(r));
        }
        return out;
    }

    /**
     * One generated copy of {@code source}: id {@code <source id>~<kind><copy>}, lineage
     * {@code extraLineage} + the operation applied; empty when no operation changed the text.
     */
    Optional<TextRecord> generate(TextRecord source, String kind, int copy, List<String> extraLineage) {
        return source.text() == null ? Optional.empty()
                : generate(source, segmenter.split(source.text()), kind, copy, extraLineage);
    }

    private Optional<TextRecord> generate(TextRecord source, List<String> original, String kind, int copy,
                                          List<String> extraLineage) {
        if (operations.isEmpty()) {
            return Optional.empty();
        }
        RandomGenerator random = RecordRandom.of(config.seed(), source.id(), kind, copy);
        int first = random.nextInt(operations.size());
        for (int attempt = 0; attempt < operations.size(); attempt++) {
            AugmentationOperation op = operations.get((first + attempt) % operations.size());
            List<String> tokens = new ArrayList<>(original);
            if (op.apply(tokens, random) && !tokens.equals(original)) {
                List<String> lineage = new ArrayList<>(extraLineage);
                lineage.add(op.name());
                return Optional.of(source.derive(source.id() + "~" + kind + copy, segmenter.join(tokens), lineage));
            }
        }
        return Optional.empty();
    }

    /** Names of the operations in use, in order. */
    public List<String> operationNames() {
        return operations.stream().map(AugmentationOperation::name).toList();
    }
}
