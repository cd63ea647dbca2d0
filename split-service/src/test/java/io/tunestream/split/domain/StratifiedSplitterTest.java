package io.tunestream.split.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StratifiedSplitterTest {

    private static final StratifiedSplitter DEFAULT = new StratifiedSplitter(SplitConfig.defaults());

    /** Records with the given count per label, ids "label-i". */
    private static List<TextRecord> dataset(Map<String, Integer> counts) {
        List<TextRecord> records = new ArrayList<>();
        counts.forEach((label, n) -> {
            for (int i = 0; i < n; i++) {
                records.add(TextRecord.of(label + "-" + i, "text " + label + i, label));
            }
        });
        return records;
    }

    private static List<String> ids(SplitResult result, Split split) {
        return result.get(split).stream().map(TextRecord::id).toList();
    }

    @Test
    void shouldHitLargestRemainderCountsExactlyWhenRecordsAreUngrouped() throws SplitRejection {
        // Given 700 / 200 / 100 / 13 / 7 records per label
        var data = dataset(Map.of("a", 700, "b", 200, "c", 100, "d", 13, "e", 7));

        // When
        SplitResult result = DEFAULT.split(data);

        // Then: 0.8/0.1/0.1 by largest remainder (13 -> 10.4/1.3/1.3 -> 11/1/1; 7 -> 5.6/0.7/0.7 -> 5/1/1)
        assertThat(result.countsByLabel().get("a")).containsExactly(
                Map.entry(Split.TRAIN, 560), Map.entry(Split.VALIDATION, 70), Map.entry(Split.TEST, 70));
        assertThat(result.countsByLabel().get("b").values()).containsExactly(160, 20, 20);
        assertThat(result.countsByLabel().get("c").values()).containsExactly(80, 10, 10);
        assertThat(result.countsByLabel().get("d").values()).containsExactly(11, 1, 1);
        assertThat(result.countsByLabel().get("e").values()).containsExactly(5, 1, 1);
        assertThat(result.get(Split.TRAIN).size() + result.get(Split.VALIDATION).size()
                + result.get(Split.TEST).size()).isEqualTo(data.size());
        assertThat(result.get(Split.TRAIN)).filteredOn(r -> r.label().equals("a")).hasSize(560);
    }

    @Test
    void shouldNameEachInputRecordsSplitByItsPositionAsTheListsDo() throws SplitRejection {
        // Given grouped and ungrouped records
        List<TextRecord> data = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            data.add(TextRecord.grouped("r" + i, "t", i % 4 == 0 ? "spam" : "ham", i % 3 == 0 ? "thread-" + i % 30 : null));
        }

        // When
        SplitResult result = DEFAULT.split(data);

        // Then splitOf(i) is the split whose list holds the i-th input record
        Map<String, Split> listed = new HashMap<>();
        for (Split s : Split.values()) {
            result.get(s).forEach(r -> listed.put(r.id(), s));
        }
        for (int i = 0; i < data.size(); i++) {
            assertThat(result.splitOf(i)).as(data.get(i).id()).isEqualTo(listed.get(data.get(i).id()));
        }
    }

    @Test
    void shouldKeepEveryGroupInOneSplitWhenRecordsShareGroupKeys() throws SplitRejection {
        // Given 200 groups of 1..8 records, each group mixing labels
        Random random = new Random(11);
        List<TextRecord> data = new ArrayList<>();
        for (int g = 0; g < 200; g++) {
            int size = 1 + random.nextInt(8);
            for (int i = 0; i < size; i++) {
                String label = random.nextDouble() < 0.7 ? "ham" : "spam";
                data.add(TextRecord.grouped("g" + g + "-" + i, "t", label, "thread-" + g));
            }
        }

        // When
        SplitResult result = DEFAULT.split(data);

        // Then no group straddles two splits
        Map<String, Split> splitOfGroup = new HashMap<>();
        for (Split s : Split.values()) {
            for (TextRecord r : result.get(s)) {
                assertThat(splitOfGroup.putIfAbsent(r.group(), s)).as(r.group()).isIn(null, s);
            }
        }
        // and per-label proportions stay close to 0.8/0.1/0.1 (within a few records)
        result.countsByLabel().forEach((label, counts) -> {
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(counts.get(Split.VALIDATION)).as(label).isBetween((int) (total * 0.1) - 4, (int) (total * 0.1) + 5);
            assertThat(counts.get(Split.TEST)).as(label).isBetween((int) (total * 0.1) - 4, (int) (total * 0.1) + 5);
        });
    }

    @Test
    void shouldGiveIdenticalSplitsWhenSeedIsSameWhateverTheInputOrder() throws SplitRejection {
        // Given the same dataset in two orders
        var data = dataset(Map.of("a", 300, "b", 90));
        var shuffled = new ArrayList<>(data);
        Collections.shuffle(shuffled, new Random(5));

        // When
        SplitResult first = DEFAULT.split(data);
        SplitResult second = DEFAULT.split(shuffled);
        SplitResult otherSeed = new StratifiedSplitter(SplitConfig.defaults().withSeed(43)).split(data);

        // Then
        for (Split s : Split.values()) {
            assertThat(ids(second, s)).isEqualTo(ids(first, s));
        }
        assertThat(ids(otherSeed, Split.TEST)).isNotEqualTo(ids(first, Split.TEST));
        assertThat(otherSeed.countsByLabel()).isEqualTo(first.countsByLabel());
    }

    @Test
    void shouldRejectWhenALabelHasFewerRecordsThanNonEmptySplits() {
        var data = dataset(Map.of("a", 50, "rare", 2));
        assertThatThrownBy(() -> DEFAULT.split(data)).isInstanceOf(SplitRejection.class)
                .hasMessageContaining("'rare' has 2 record(s)")
                .extracting(e -> ((SplitRejection) e).reason())
                .isEqualTo(SplitRejection.Reason.TOO_FEW_RECORDS_FOR_LABEL);
    }

    @Test
    void shouldAcceptTwoRecordsPerLabelWhenOnlyTwoSplitsAreNonEmpty() throws SplitRejection {
        var splitter = new StratifiedSplitter(new SplitConfig(0.9, 0.0, 0.1, 1, true));
        SplitResult result = splitter.split(dataset(Map.of("a", 50, "rare", 2)));
        assertThat(result.countsByLabel().get("rare").values()).containsExactly(1, 0, 1);
        assertThat(result.get(Split.VALIDATION)).isEmpty();
    }

    @Test
    void shouldRejectWhenALabelLivesInTooFewGroups() {
        List<TextRecord> data = new ArrayList<>(dataset(Map.of("ham", 40)));
        for (int i = 0; i < 10; i++) {
            data.add(TextRecord.grouped("s" + i, "t", "spam", i < 5 ? "spam-1" : "spam-2"));
        }
        assertThatThrownBy(() -> DEFAULT.split(data)).isInstanceOf(SplitRejection.class)
                .hasMessageContaining("'spam' occurs in 2 group(s)");
    }

    @Test
    void shouldRejectWhenRatiosDoNotSumToOneOrDatasetIsBad() {
        var data = dataset(Map.of("a", 10));
        assertThatThrownBy(() -> new StratifiedSplitter(new SplitConfig(0.8, 0.1, 0.2, 1, true)).split(data))
                .hasMessageStartingWith("INVALID_RATIOS");
        assertThatThrownBy(() -> new StratifiedSplitter(new SplitConfig(1.2, -0.1, -0.1, 1, true)).split(data))
                .hasMessageStartingWith("INVALID_RATIOS");
        assertThatThrownBy(() -> DEFAULT.split(List.of())).hasMessageStartingWith("EMPTY_DATASET");
        var twice = List.of(TextRecord.of("x", "a", "a"), TextRecord.of("x", "b", "a"));
        assertThatThrownBy(() -> DEFAULT.split(twice)).hasMessageStartingWith("DUPLICATE_ID");
    }

    @Test
    void shouldSplitRegressionRecordsAsOneStratumWhenLabelsAreAbsent() throws SplitRejection {
        List<TextRecord> data = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            data.add(new TextRecord("r" + i, "t", null, i / 20.0, null));
        }
        SplitResult result = DEFAULT.split(data);
        assertThat(result.countsByLabel().get(StratifiedSplitter.NO_LABEL).values()).containsExactly(16, 2, 2);
    }
}
