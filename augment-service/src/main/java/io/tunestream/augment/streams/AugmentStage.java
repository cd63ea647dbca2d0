package io.tunestream.augment.streams;

import io.tunestream.augment.domain.AugmentConfig;
import io.tunestream.augment.domain.Augmenter;
import io.tunestream.augment.domain.LanguagePlan;
import io.tunestream.augment.domain.WordSegmenter;
import io.tunestream.augment.domain.BackTranslationClient;
import io.tunestream.augment.domain.OversamplingPlanExecutor;
import io.tunestream.augment.domain.StopWords;
import io.tunestream.augment.domain.SynonymSource;
import io.tunestream.augment.domain.TextRecord;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.Split;
import io.tunestream.events.Task;
import io.tunestream.schemas.DatasetSettingBounds;
import io.tunestream.schemas.SealConfig;
import io.tunestream.stage.DatasetBatch;
import io.tunestream.stage.DatasetStage;
import io.tunestream.stage.DatasetTasks;
import io.tunestream.stage.StageResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The augment stage: EDA copies of the train split only (validation and test pass through untouched, so no
 * augmented copy of them can leak into training), plus oversampling of minority classes when clean planned it.
 * Every generated record names the record it was made from and the operations applied. Causal-LM data
 * ({@code task=causal_lm}) passes through unchanged; asking for its augmentation is refused.
 */
public final class AugmentStage implements DatasetStage {

    /** Seal config key of clean's oversampling plan, {@code label=extraCopies,...}. */
    static final String OVERSAMPLE_PLAN = SealConfig.OVERSAMPLE_PLAN;
    /** Seal config key of the dataset's language: {@code auto} (detect, the default), {@code en}, {@code zh}, ... */
    static final String LANGUAGE = "language";

    private final Map<String, String> defaults;
    private final SynonymSource synonyms;
    private final StopWords stopWords = StopWords.english();
    private final BackTranslationClient backTranslation;

    /** A stage with the service defaults, a synonym source (WordNet) and an optional back-translation client. */
    public AugmentStage(Map<String, String> defaults, SynonymSource synonyms, BackTranslationClient backTranslation) {
        this.defaults = Map.copyOf(defaults);
        this.synonyms = synonyms;
        this.backTranslation = backTranslation;
    }

    @Override
    public String name() {
        return "augment";
    }

    @Override
    public StageResult apply(DatasetBatch batch) {
        try {
            if (batch.task() == Task.CAUSAL_LM) {
                return passCausalLmThrough(batch);
            }
        } catch (IllegalArgumentException e) {
            return StageResult.rejected("invalid augmentation input: " + e.getMessage(), batch.config());
        }
        AugmentConfig config;
        Map<String, Integer> plan;
        try {
            config = AugmentSettings.resolve(batch.config(), defaults);
            plan = plan(batch.config().get(OVERSAMPLE_PLAN));
            requireSplits(batch.records());
            requireGeneratedWithinBound(batch.records(), config, plan);
            if (config.backTranslation() && backTranslation == null) {
                throw new IllegalArgumentException("augment.back-translation=true but no back-translation-url is configured");
            }
        } catch (IllegalArgumentException e) {
            return StageResult.rejected("invalid augmentation input: " + e.getMessage(), batch.config());
        }
        List<String> trainTexts = new ArrayList<>();
        for (DatasetRecord r : batch.records()) {
            if (r.getSplit() == Split.TRAIN) {
                trainTexts.add(r.getText());
            }
        }
        LanguagePlan language = LanguagePlan.decide(batch.config().get(LANGUAGE), trainTexts, config, stopWords);
        config = language.config();
        Augmenter augmenter = new Augmenter(config, synonyms, stopWords, config.backTranslation() ? backTranslation : null,
                language.segmenter() == null ? WordSegmenter.WHITESPACE : language.segmenter());
        // the domain records only when something is to be generated (no copies and no plan: the version passes)
        List<TextRecord> train = config.copies() == 0 && plan.isEmpty() ? List.of() : trainRecords(batch.records());
        List<TextRecord> generated = new ArrayList<>();
        train.forEach(t -> generated.addAll(augmenter.augment(t)));
        OversamplingPlanExecutor.Outcome oversampled = new OversamplingPlanExecutor(augmenter).execute(train, plan);
        generated.addAll(oversampled.generated());
        List<DatasetRecord> out = new ArrayList<>(batch.records().size() + generated.size());
        out.addAll(batch.records());
        // the batch is ordered by id: a source is found by binary search, without a map of the whole version
        generated.forEach(g -> out.add(derived(batch.records().get(batch.firstIndexOf(g.sourceId())), g)));
        Map<String, String> applied = AugmentSettings.describe(config);
        applied.put("augment.language", language.language() + " (" + language.reason() + ")");
        applied.put("augment.segmenter", language.segmenter() == null ? "none" : language.segmenter().name());
        applied.put("augment.operations", String.join(",", augmenter.operationNames()));
        if (!plan.isEmpty()) {
            applied.put(OVERSAMPLE_PLAN, batch.config().get(OVERSAMPLE_PLAN));
            oversampled.shortfall().forEach((label, n) -> applied.put("augment.oversample-shortfall." + label, Integer.toString(n)));
        }
        String note = language.note() + "; " + generated.size() + " records generated from " + trainTexts.size()
                + " train records";
        return StageResult.completed(out, Map.of(), generated.size(), applied, Map.of()).withNote(note);
    }

    /** The train records as the augmenter sees them. */
    private static List<TextRecord> trainRecords(List<DatasetRecord> records) {
        List<TextRecord> train = new ArrayList<>();
        for (DatasetRecord r : records) {
            if (r.getSplit() == Split.TRAIN) {
                train.add(new TextRecord(r.getRecordId(), r.getText(), r.getLabel(), r.getScore(), r.getGroup(), null,
                        r.getOperations()));
            }
        }
        return train;
    }

    /** Causal-LM records pass through unchanged; a dataset that asked for augmentation is refused (see AugmentSettings). */
    private static StageResult passCausalLmThrough(DatasetBatch batch) {
        requireSplits(batch.records());
        String asked = AugmentSettings.augmentationAskedFor(batch.config());
        Map<String, String> applied = new TreeMap<>(Map.of(DatasetTasks.KEY, DatasetTasks.value(Task.CAUSAL_LM),
                "augment.copies", "0", "augment", "off: causal-LM records pass through unchanged"));
        if (!asked.isEmpty()) {
            return StageResult.rejected("augmentation of causal-LM records is not supported (asked: " + asked
                    + "); publish the dataset without augment.* settings", applied);
        }
        return StageResult.completed(new ArrayList<>(batch.records()), Map.of(), 0, applied, Map.of());
    }

    private static DatasetRecord derived(DatasetRecord source, TextRecord g) {
        return DatasetRecord.newBuilder(source).setRecordId(g.id()).setSourceRecordId(source.getRecordId())
                .setText(g.text()).setSplit(Split.TRAIN).setOperations(new ArrayList<>(g.operations())).build();
    }

    /** Refuses a version whose copies and oversampling would generate more than the documented bound. */
    private static void requireGeneratedWithinBound(List<DatasetRecord> records, AugmentConfig config,
                                                    Map<String, Integer> plan) {
        long train = records.stream().filter(r -> r.getSplit() == Split.TRAIN).count();
        long generated = train * config.copies() + plan.values().stream().mapToLong(Integer::longValue).sum();
        if (generated > DatasetSettingBounds.MAX_GENERATED_RECORDS) {
            throw new IllegalArgumentException("augment would generate " + generated + " records (" + train
                    + " train records x augment.copies " + config.copies() + " + oversampling), over the bound of "
                    + DatasetSettingBounds.MAX_GENERATED_RECORDS);
        }
    }

    private static void requireSplits(List<DatasetRecord> records) {
        for (DatasetRecord r : records) {
            if (r.getSplit() == null) {
                throw new IllegalArgumentException("record " + r.getRecordId() + " has no split: augment runs after split-service");
            }
        }
    }

    static Map<String, Integer> plan(String value) {
        Map<String, Integer> plan = new TreeMap<>();
        if (value == null || value.isBlank()) {
            return plan;
        }
        for (String part : value.split(",")) {
            String[] kv = part.split("=", 2);
            try {
                plan.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(OVERSAMPLE_PLAN + " must be label=copies,..., got: " + value);
            }
        }
        return plan;
    }
}
