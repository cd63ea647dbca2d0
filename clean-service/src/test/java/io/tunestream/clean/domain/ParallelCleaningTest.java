package io.tunestream.clean.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DatasetCleaner#acceptAll(List)} cleans texts on all cores: the outcome is the record-by-record one. */
class ParallelCleaningTest {

    @Test
    void shouldKeepDropAndCountAsRecordByRecordWhenTextsAreCleanedInParallel() {
        // Given: 20,000 records with exact duplicates after folding, HTML, empty texts and unknown labels
        List<TextRecord> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String text = switch (i % 5) {
                case 0 -> "<p>Offer number " + (i % 700) + "</p>";
                case 1 -> "  Offer   number " + (i % 700) + " ";
                case 2 -> "\u0007";
                case 3 -> "Ｆｕｌｌ width " + i;
                default -> "plain text " + (i % 3000);
            };
            records.add(TextRecord.of("r" + i, text, i % 7 == 0 ? "weird" : i % 2 == 0 ? "ham" : "spam"));
        }
        CleanConfig config = CleanConfig.defaults().withBalance(BalancePolicy.UNDERSAMPLE);

        // When
        DatasetCleaner oneByOne = new CleaningPipeline(config).newDataset(records.size());
        records.forEach(oneByOne::accept);
        CleanResult expected = oneByOne.finish();
        DatasetCleaner parallel = new CleaningPipeline(config).newDataset(records.size());
        parallel.acceptAll(records);
        CleanResult actual = parallel.finish();

        // Then
        assertThat(actual.records()).isEqualTo(expected.records());
        assertThat(actual.report().droppedByReason()).isEqualTo(expected.report().droppedByReason());
        assertThat(actual.report().in()).isEqualTo(expected.report().in());
        assertThat(actual.report().droppedByReason().get(DropReason.EXACT_DUPLICATE)).isPositive();
        assertThat(actual.report().droppedByReason().get(DropReason.EMPTY_TEXT)).isPositive();
    }
}
