package io.tunestream.split.streams;

import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.Split;
import io.tunestream.stage.DatasetBatch;
import io.tunestream.stage.StageResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SplitStageTest {

    private static final Map<String, String> DEFAULTS = Map.of("split", "0.8,0.1,0.1", "seed", "42", "split.group-aware", "true");

    @Test
    void shouldAssignExactStratifiedSharesAndKeepGroupsWhenSplitting() {
        // Given: 80 ham and 20 spam, ham in pairs sharing a thread
        List<DatasetRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(record(String.format("r%03d", i), i < 80 ? "ham" : "spam", i < 80 ? "thread-" + i / 2 : null));
        }

        // When
        StageResult result = new SplitStage(DEFAULTS).apply(batch(Map.of(), records));

        // Then: every record once, 80/10/10 overall and per label, groups never straddle
        assertThat(result.isRejected()).isFalse();
        assertThat(result.records()).hasSize(100);
        Map<Split, Long> bySplit = result.records().stream().collect(Collectors.groupingBy(DatasetRecord::getSplit, Collectors.counting()));
        assertThat(bySplit).containsEntry(Split.TRAIN, 80L).containsEntry(Split.VALIDATION, 10L).containsEntry(Split.TEST, 10L);
        assertThat(result.records().stream().filter(r -> r.getLabel().equals("spam")).filter(r -> r.getSplit() == Split.TRAIN)).hasSize(16);
        Map<String, List<Split>> groups = result.records().stream().filter(r -> r.getGroup() != null)
                .collect(Collectors.groupingBy(DatasetRecord::getGroup, Collectors.mapping(DatasetRecord::getSplit, Collectors.toList())));
        assertThat(groups.values()).allSatisfy(splits -> assertThat(splits).containsOnly(splits.get(0)));
        assertThat(result.records().get(0).getOperations()).last().asString().startsWith("split:");
        assertThat(result.applied()).containsEntry("split", "0.8,0.1,0.1");
    }

    @Test
    void shouldGiveSameAssignmentWhenSeedIsTheSame() {
        // each run gets its own records: the stage changes them in place, as DatasetStage allows
        StageResult first = new SplitStage(DEFAULTS).apply(batch(Map.of(), sixty()));
        StageResult second = new SplitStage(DEFAULTS).apply(batch(Map.of(), sixty()));
        StageResult otherSeed = new SplitStage(DEFAULTS).apply(batch(Map.of("seed", "7"), sixty()));

        assertThat(second.records()).isEqualTo(first.records());
        assertThat(otherSeed.records()).isNotEqualTo(first.records());
    }

    @Test
    void shouldReturnTheRecordsInTheBatchsIdOrderWhenSplitting() {
        // Given a version ordered by id, as the processor hands it over
        List<DatasetRecord> records = sixty();

        // When
        StageResult result = new SplitStage(DEFAULTS).apply(batch(Map.of(), records));

        // Then the output keeps that order (the next stage receives it ordered), every record split once
        assertThat(result.records()).extracting(DatasetRecord::getRecordId)
                .containsExactlyElementsOf(sixty().stream().map(DatasetRecord::getRecordId).toList());
        assertThat(result.records()).allSatisfy(r -> assertThat(r.getOperations())
                .containsExactly("ingest", "split:" + r.getSplit().name().toLowerCase(java.util.Locale.ROOT)));
    }

    @Test
    void shouldRejectWithReasonWhenALabelHasTooFewRecords() {
        List<DatasetRecord> records = List.of(record("a", "ham", null), record("b", "ham", null), record("c", "ham", null),
                record("d", "spam", null));

        StageResult result = new SplitStage(DEFAULTS).apply(batch(Map.of(), records));

        assertThat(result.isRejected()).isTrue();
        assertThat(result.rejection()).contains("TOO_FEW_RECORDS_FOR_LABEL").contains("spam");
    }

    @Test
    void shouldRejectWithReasonWhenRatiosAreMalformed() {
        StageResult result = new SplitStage(DEFAULTS).apply(batch(Map.of("split", "0.8,0.3"), List.of(record("a", "ham", null))));

        assertThat(result.rejection()).contains("three shares");
    }

    /** 60 records ordered by id, a third of them spam. */
    private static List<DatasetRecord> sixty() {
        List<DatasetRecord> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            records.add(record(String.format("r%02d", i), i % 3 == 0 ? "spam" : "ham", null));
        }
        return records;
    }

    static DatasetBatch batch(Map<String, String> config, List<DatasetRecord> records) {
        return new DatasetBatch("ds", "1", records,
                DatasetSeal.newBuilder().setRecordCount(records.size()).setConfig(config).build(), 0);
    }

    static DatasetRecord record(String id, String label, String group) {
        return DatasetRecord.newBuilder().setRecordId(id).setSourceRecordId(id).setText("text of " + id).setLabel(label)
                .setGroup(group).setOperations(new ArrayList<>(List.of("ingest"))).build();
    }

    @Test
    void shouldRejectAnOverBoundSealWithItsBoundAndSplitTheNextVersionWhenTheSameStageGoesOn() {
        // Given one stage, a seal with an over-bound oversampling plan (written straight to the topic), then a sane one
        SplitStage stage = new SplitStage(DEFAULTS);
        List<DatasetRecord> records = List.of(record("a", "ham", null), record("b", "ham", null), record("c", "ham", null),
                record("d", "ham", null), record("e", "ham", null), record("f", "ham", null), record("g", "ham", null),
                record("h", "ham", null), record("i", "ham", null), record("j", "ham", null));
        // When
        StageResult over = stage.apply(batch(Map.of("balance.oversample-plan", "ham=0,spam=2000000000"), records));
        StageResult next = stage.apply(batch(Map.of(), records));
        // Then
        assertThat(over.rejection()).contains("config.balance.oversample-plan must be label=copies");
        assertThat(next.isRejected()).isFalse();
        assertThat(next.records()).hasSize(records.size());
    }
}
