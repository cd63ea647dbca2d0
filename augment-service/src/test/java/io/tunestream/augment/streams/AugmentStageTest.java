package io.tunestream.augment.streams;

import io.tunestream.augment.domain.WordNetSynonyms;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.Split;
import io.tunestream.stage.DatasetBatch;
import io.tunestream.stage.StageResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AugmentStageTest {

    private static final Map<String, String> DEFAULTS = Map.of("augment.copies", "2", "augment.synonym-rate", "0.2",
            "augment.insertion-rate", "0.2", "augment.swap-rate", "0.2", "augment.deletion-rate", "0.2", "seed", "42");
    private static WordNetSynonyms wordNet;

    @BeforeAll
    static void loadWordNet() {
        wordNet = new WordNetSynonyms();
    }

    @Test
    void shouldAugmentTrainOnlyWithLineageWhenSplitsArrive() {
        // Given
        List<DatasetRecord> records = List.of(
                record("t1", "the good manager approved a large budget for the small team", Split.TRAIN),
                record("t2", "please send the quarterly report before the meeting tomorrow", Split.TRAIN),
                record("v1", "the weekly meeting moved to a different room today", Split.VALIDATION),
                record("x1", "cheap watches and quick loans delivered to your house", Split.TEST));

        // When
        StageResult result = new AugmentStage(DEFAULTS, wordNet, null).apply(batch(Map.of(), records));

        // Then: originals pass through, copies only of train, each naming its source and operation
        assertThat(result.records()).containsAll(records);
        List<DatasetRecord> generated = result.records().subList(records.size(), result.records().size());
        assertThat(generated).hasSize((int) result.generated()).isNotEmpty();
        assertThat(generated).allSatisfy(g -> {
            assertThat(g.getSplit()).isEqualTo(Split.TRAIN);
            assertThat(g.getSourceRecordId()).isIn("t1", "t2");
            assertThat(g.getOperations()).anyMatch(op -> op.startsWith("augment:"));
            assertThat(g.getRecordId()).startsWith(g.getSourceRecordId() + "~");
        });
        assertThat(records.size() + result.generated()).isEqualTo(result.records().size());
    }

    @Test
    void shouldOversampleMinorityWhenCleanPlannedIt() {
        List<DatasetRecord> records = List.of(
                record("a", "the good manager approved a large budget for the small team", Split.TRAIN, "ham"),
                record("b", "please send the quarterly report before the meeting tomorrow", Split.TRAIN, "ham"),
                record("c", "win a free cruise by answering this short survey now", Split.TRAIN, "spam"));

        StageResult result = new AugmentStage(Map.of("augment.copies", "0", "augment.synonym-rate", "0.2",
                "augment.insertion-rate", "0.2", "augment.swap-rate", "0.2", "augment.deletion-rate", "0.2", "seed", "1"),
                wordNet, null).apply(batch(Map.of("balance.oversample-plan", "ham=0,spam=1"), records));

        assertThat(result.generated()).isEqualTo(1);
        assertThat(result.records().get(3).getLabel()).isEqualTo("spam");
        assertThat(result.applied()).containsEntry("balance.oversample-plan", "ham=0,spam=1");
    }

    @Test
    void shouldRejectWhenRecordsHaveNoSplit() {
        DatasetRecord unsplit = DatasetRecord.newBuilder(record("a", "text here", Split.TRAIN)).setSplit(null).build();

        StageResult result = new AugmentStage(DEFAULTS, wordNet, null).apply(batch(Map.of(), List.of(unsplit)));

        assertThat(result.rejection()).contains("has no split");
    }

    @Test
    void shouldRejectWhenBackTranslationIsAskedWithoutService() {
        StageResult result = new AugmentStage(DEFAULTS, wordNet, null)
                .apply(batch(Map.of("augment.back-translation", "true"), List.of(record("a", "text", Split.TRAIN))));

        assertThat(result.rejection()).contains("back-translation-url");
    }

    @Test
    void shouldSayInTheReportThatChineseWordsWereSegmentedWhenTheTrainSplitIsChinese() {
        // Given
        List<DatasetRecord> records = List.of(
                record("t1", "床前明月光，疑是地上霜。举头望明月，低头思故乡。", Split.TRAIN),
                record("t2", "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。", Split.TRAIN));
        // When
        StageResult result = new AugmentStage(DEFAULTS, wordNet, null).apply(batch(Map.of(), records));
        // Then
        assertThat(result.generated()).isPositive();
        assertThat(result.applied()).containsEntry("augment.segmenter", "jieba")
                .containsEntry("augment.operations", "augment:swap,augment:delete")
                .containsEntry("augment.synonym-rate", "0.0");
        assertThat(result.note()).startsWith("language zh (detected: han script, 100% of letters): words segmented "
                + "with jieba").endsWith(result.generated() + " records generated from 2 train records");
    }

    @Test
    void shouldSayAugmentationWasSkippedWhenTheDeclaredLanguageCannotBeSegmented() {
        // Given
        List<DatasetRecord> records = List.of(record("t1", "吾輩は猫である。名前はまだ無い。", Split.TRAIN));
        // When
        StageResult result = new AugmentStage(DEFAULTS, wordNet, null).apply(batch(Map.of("language", "ja"), records));
        // Then
        assertThat(result.generated()).isZero();
        assertThat(result.records()).containsExactlyElementsOf(records);
        assertThat(result.note()).startsWith("augmentation skipped: language ja (declared)");
    }

    static DatasetBatch batch(Map<String, String> config, List<DatasetRecord> records) {
        return new DatasetBatch("ds", "1", records,
                DatasetSeal.newBuilder().setRecordCount(records.size()).setConfig(config).build(), 0);
    }

    static DatasetRecord record(String id, String text, Split split) {
        return record(id, text, split, "ham");
    }

    static DatasetRecord record(String id, String text, Split split, String label) {
        return DatasetRecord.newBuilder().setRecordId(id).setSourceRecordId(id).setText(text).setLabel(label)
                .setSplit(split).setOperations(new ArrayList<>(List.of("ingest", "clean:nfkc"))).build();
    }

    @Test
    void shouldRejectOverBoundCopiesAndAugmentTheNextVersionWhenTheSameStageGoesOn() {
        // Given one stage, a seal asking for two billion copies per record, then a sane one
        AugmentStage stage = new AugmentStage(DEFAULTS, wordNet, null);
        List<DatasetRecord> records = List.of(record("t1", "the good manager approved a large budget", Split.TRAIN));
        // When
        StageResult over = stage.apply(batch(Map.of("augment.copies", "2000000000"), records));
        StageResult next = stage.apply(batch(Map.of("augment.copies", "1"), records));
        // Then
        assertThat(over.rejection()).contains("config.augment.copies must be a whole number in [0, 16]");
        assertThat(next.isRejected()).isFalse();
        assertThat(next.generated()).isEqualTo(1);
    }

    @Test
    void shouldRejectWhenCopiesAndOversamplingTogetherWouldGenerateTooManyRecords() {
        // Given each setting within its own bound, but together over the generated-records bound
        List<DatasetRecord> records = List.of(record("t1", "the good manager approved a large budget", Split.TRAIN, "spam"));
        // When
        StageResult result = new AugmentStage(DEFAULTS, wordNet, null)
                .apply(batch(Map.of("augment.copies", "2", "balance.oversample-plan", "spam=9999999"), records));
        // Then
        assertThat(result.rejection()).contains("would generate 10000001 records").contains("over the bound of 10000000");
    }
}
