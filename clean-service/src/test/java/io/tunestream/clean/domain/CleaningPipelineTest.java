package io.tunestream.clean.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CleaningPipelineTest {

    private static TextRecord rec(String id, String text, String label) {
        return TextRecord.of(id, text, label);
    }

    private static final List<TextRecord> DATASET = List.of(
            rec("1", "Win a FREE prize now!!!", "1"),
            rec("2", "Win a FREE prize now!!!", "1"),                 // exact duplicate
            rec("3", "  Win a\tFREE prize   now!!! ", "1"),           // duplicate after normalisation
            rec("4", "Lunch at noon? 午饭见", "0"),
            rec("5", "", "0"),                                         // empty
            rec("6", "Project notes attached", null),                  // no label, no score
            rec("7", "Quarterly report draft for review", " 0 "),
            rec("8", "Cheap meds online, limited offer", "1"),
            rec("9", "Are we still on for Friday?", "phishing"),
            rec("10", "Cheap meds online, limited offer!", "1"));      // near duplicate of 8

    @Test
    void shouldCleanDedupeAndAccountForEveryRecordWhenBalanceIsNone() {
        // Given
        var config = CleanConfig.defaults().withBalance(BalancePolicy.NONE)
                .withLabels(LabelSettings.defaults().withMapping(Map.of("1", "spam", "0", "ham")))
                .withNearDuplicates(NearDuplicateSettings.defaults().withThreshold(0.8));

        // When
        CleanResult result = new CleaningPipeline(config).run(DATASET);

        // Then
        assertThat(result.records()).extracting(TextRecord::id).containsExactly("1", "4", "7", "8", "9");
        assertThat(result.records()).extracting(TextRecord::label).containsExactly("spam", "ham", "ham", "spam",
                "phishing");
        CleanReport report = result.report();
        assertThat(report.dropped(DropReason.EXACT_DUPLICATE)).isEqualTo(2);
        assertThat(report.dropped(DropReason.EMPTY_TEXT)).isEqualTo(1);
        assertThat(report.dropped(DropReason.MISSING_LABEL)).isEqualTo(1);
        assertThat(report.dropped(DropReason.NEAR_DUPLICATE)).isEqualTo(1);
        assertThat(report.in()).isEqualTo(10);
        assertThat(report.out()).isEqualTo(5);
        assertThat(report.accountingHolds()).isTrue();
        assertThat(report.labelsBefore()).containsEntry("spam", 5L).containsEntry("ham", 3L)
                .containsEntry(CleanReport.NO_LABEL, 1L);
        assertThat(report.labelsAfter()).containsOnly(Map.entry("spam", 2L), Map.entry("ham", 2L),
                Map.entry("phishing", 1L));
    }

    @Test
    void shouldUndersampleAndRecordLineageWhenDefaultsAreUsed() {
        // Given the documented defaults (undersample) and a closed label set that drops unknown labels
        var config = CleanConfig.defaults().withLabels(LabelSettings.defaults()
                .withMapping(Map.of("1", "spam", "0", "ham"))
                .withKnownLabels(java.util.Set.of("spam", "ham"), UnknownLabelPolicy.DROP));

        // When
        CleanResult result = new CleaningPipeline(config).run(DATASET);

        // Then
        assertThat(result.report().labelsAfter()).containsOnly(Map.entry("spam", 2L), Map.entry("ham", 2L));
        assertThat(result.report().dropped(DropReason.UNKNOWN_LABEL)).isEqualTo(1);
        assertThat(result.report().accountingHolds()).isTrue();
        assertThat(result.records().get(0).operations()).contains("clean:nfkc", "clean:dedupe",
                "clean:near-dedupe", "clean:balance-undersample");
    }

    @Test
    void shouldKeepRegressionRecordsWhenTheyHaveAScoreButNoLabel() {
        var record = new TextRecord("s1", "A fine film", null, 0.8, null, List.of("ingest:jsonl"));
        CleanResult result = new CleaningPipeline(CleanConfig.defaults()).run(List.of(record));
        assertThat(result.records()).singleElement().satisfies(r -> {
            assertThat(r.score()).isEqualTo(0.8);
            assertThat(r.operations()).startsWith("ingest:jsonl", "clean:nfkc");
        });
    }
}
