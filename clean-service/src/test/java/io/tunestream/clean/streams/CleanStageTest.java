package io.tunestream.clean.streams;

import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.stage.DatasetBatch;
import io.tunestream.stage.StageResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CleanStageTest {

    private static final Map<String, String> DEFAULTS = Map.of("balance", "none", "seed", "42",
            "clean.near-duplicates", "0.9", "clean.dedupe", "true");

    @Test
    void shouldDropByReasonAndKeepLineageWhenDatasetHasDuplicatesAndEmptyTexts() {
        // Given
        DatasetBatch batch = batch(Map.of(), record("1", "Ｈｅｌｌｏ   wörld 你好", "HAM"),
                record("2", "Hello wörld 你好", "ham"), record("3", "  ", "spam"), record("4", "buy now", null),
                record("5", "cheap pills here", "spam"));

        // When
        StageResult result = new CleanStage(DEFAULTS).apply(batch);

        // Then
        assertThat(result.isRejected()).isFalse();
        assertThat(result.records()).extracting(DatasetRecord::getRecordId).containsExactly("1", "5");
        assertThat(result.records().get(0).getText()).isEqualTo("Hello wörld 你好");
        assertThat(result.records().get(0).getLabel()).isEqualTo("ham");
        assertThat(result.records().get(0).getOperations()).startsWith("ingest").contains("clean:nfkc");
        assertThat(result.records().get(0).getAttributes()).containsEntry("source", "test");
        assertThat(result.dropped()).containsEntry("exact_duplicate", 1L).containsEntry("empty_text", 1L)
                .containsEntry("missing_label", 1L);
        assertThat(batch.records().size()).isEqualTo(result.records().size() + result.droppedTotal());
        assertThat(result.applied()).containsEntry("balance", "none").containsEntry("clean.near-duplicates", "0.9");
    }

    @Test
    void shouldKeepBothRecordsApartWhenARecordIdOccursTwice() {
        // Given two different texts under one id (ids should be unique; split rejects them, clean keeps both)
        DatasetBatch batch = batch(Map.of(), record("1", "first text", "ham"), record("1", "second text", "spam"),
                record("2", "third", "ham"));

        StageResult result = new CleanStage(DEFAULTS).apply(batch);

        assertThat(result.records()).extracting(DatasetRecord::getText)
                .containsExactlyInAnyOrder("first text", "second text", "third");
        assertThat(result.records()).doesNotHaveDuplicates();
        assertThat(result.records()).allSatisfy(r -> assertThat(r.getOperations()).containsOnlyOnce("ingest", "clean:nfkc"));
    }

    @Test
    void shouldFindTheFirstUntakenRecordOfAnIdWhenSearchingTheSortedInput() {
        DatasetBatch sorted = batch(Map.of(), record("a", "x", "ham"), record("b", "y", "ham"), record("b", "z", "ham"),
                record("c", "w", "ham"));
        BitSet taken = new BitSet();

        assertThat(CleanStage.original(sorted, "c", taken)).isEqualTo(3);
        assertThat(CleanStage.original(sorted, "a", taken)).isZero();
        assertThat(CleanStage.original(sorted, "b", taken)).isEqualTo(1);
        taken.set(1);
        assertThat(CleanStage.original(sorted, "b", taken)).isEqualTo(2);
        taken.set(2);
        assertThat(CleanStage.original(sorted, "b", taken)).isEqualTo(2); // all taken: the last, copied by the caller
    }

    @Test
    void shouldHandClassWeightsOnWhenBalanceIsClassWeights() {
        DatasetBatch batch = batch(Map.of("balance", "class-weights"), record("1", "alpha text", "ham"),
                record("2", "beta words", "ham"), record("3", "gamma spam", "ham"), record("4", "delta offer", "spam"));

        StageResult result = new CleanStage(DEFAULTS).apply(batch);

        assertThat(result.records()).hasSize(4);
        assertThat(result.sealConfig()).containsKey(CleanStage.CLASS_WEIGHTS);
        assertThat(result.sealConfig().get(CleanStage.CLASS_WEIGHTS)).contains("spam=2.0").contains("ham=0.66");
    }

    @Test
    void shouldUndersampleToSmallestClassWhenBalanceIsUndersample() {
        DatasetBatch batch = batch(Map.of("balance", "undersample"), record("1", "alpha text", "ham"),
                record("2", "beta words", "ham"), record("3", "gamma spam", "ham"), record("4", "delta offer", "spam"));

        StageResult result = new CleanStage(DEFAULTS).apply(batch);

        assertThat(result.records()).extracting(DatasetRecord::getLabel).containsExactlyInAnyOrder("ham", "spam");
        assertThat(result.dropped()).containsEntry("undersampled", 2L);
    }

    @Test
    void shouldRejectWithReasonWhenASettingIsInvalid() {
        StageResult result = new CleanStage(DEFAULTS).apply(batch(Map.of("clean.near-duplicates", "1.7"),
                record("1", "a", "ham")));

        assertThat(result.isRejected()).isTrue();
        assertThat(result.rejection()).contains("clean.near-duplicates").contains("1.7");
    }

    static DatasetBatch batch(Map<String, String> config, DatasetRecord... records) {
        DatasetSeal seal = DatasetSeal.newBuilder().setRecordCount(records.length).setConfig(config).build();
        return new DatasetBatch("ds", "1", List.of(records), seal, 0);
    }

    static DatasetRecord record(String id, String text, String label) {
        return DatasetRecord.newBuilder().setRecordId(id).setSourceRecordId(id).setText(text).setLabel(label)
                .setOperations(new ArrayList<>(List.of("ingest"))).setAttributes(Map.of("source", "test")).build();
    }

    @Test
    void shouldRejectAnOverBoundSealWithItsBoundAndCleanTheNextVersionWhenTheSameStageGoesOn() {
        // Given one stage, a seal with an over-bound setting (written straight to the topic), then a sane one
        CleanStage stage = new CleanStage(DEFAULTS);
        // When
        StageResult over = stage.apply(batch(Map.of("augment.copies", "2000000000"), record("1", "a", "ham")));
        StageResult next = stage.apply(batch(Map.of("augment.copies", "2"),
                record("1", "please send the quarterly report", "ham"), record("2", "win a free cruise now", "spam")));
        // Then
        assertThat(over.isRejected()).isTrue();
        assertThat(over.rejection()).contains("config.augment.copies must be a whole number in [0, 16]").contains("2000000000");
        assertThat(next.isRejected()).isFalse();
        assertThat(next.records()).hasSize(2);
    }
}
