package io.tunestream.split.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LengthBucketSplitterTest {

    /** 100 unlabelled records, lengths 1..100 in a scrambled order. */
    private static List<TextRecord> records(Function<Integer, String> group) {
        List<TextRecord> list = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int length = 1 + (i * 37) % 100;
            list.add(new TextRecord(String.format("r%03d", i), "x".repeat(length), null, null, group.apply(i)));
        }
        return list;
    }

    @Test
    void shouldCutRecordsIntoEqualQuantileBucketsByLength() {
        List<TextRecord> bucketed = LengthBucketSplitter.bucketed(records(i -> null), 4);

        Map<String, List<Integer>> lengths = bucketed.stream().collect(Collectors.groupingBy(TextRecord::label,
                Collectors.mapping(r -> r.text().length(), Collectors.toList())));
        assertThat(lengths).containsOnlyKeys("length-1/4", "length-2/4", "length-3/4", "length-4/4");
        assertThat(lengths.values()).allSatisfy(l -> assertThat(l).hasSize(25));
        assertThat(lengths.get("length-1/4")).allMatch(n -> n <= 25);
        assertThat(lengths.get("length-4/4")).allMatch(n -> n > 75);
    }

    @Test
    void shouldGiveEveryLengthBucketExactProportionsDeterministicallyForASeed() throws SplitRejection {
        // Given
        var splitter = new LengthBucketSplitter(SplitConfig.defaults(), 4);

        // When
        var outcome = splitter.split(records(i -> null));
        var again = splitter.split(records(i -> null));

        // Then: per bucket of 25 the largest-remainder shares 20 / 3 / 2 or 20 / 2 / 3, as for labels today
        assertThat(outcome.buckets()).isEqualTo(4);
        assertThat(outcome.result().get(Split.TRAIN)).hasSize(80);
        assertThat(outcome.result().get(Split.VALIDATION).size() + outcome.result().get(Split.TEST).size()).isEqualTo(20);
        assertThat(outcome.result().countsByLabel()).hasSize(4).allSatisfy((bucket, perSplit) -> {
            assertThat(perSplit.get(Split.TRAIN)).isEqualTo(20);
            assertThat(perSplit.get(Split.VALIDATION) + perSplit.get(Split.TEST)).isEqualTo(5);
        });
        assertThat(again.result().get(Split.TEST)).extracting(TextRecord::id)
                .containsExactlyElementsOf(outcome.result().get(Split.TEST).stream().map(TextRecord::id).toList());
    }

    @Test
    void shouldUseFewerBucketsWhenGroupsAreTooFewForMany() throws SplitRejection {
        // Given: 100 records in 5 groups of 20 (consecutive ids), group-aware 0.6/0.2/0.2
        var config = new SplitConfig(0.6, 0.2, 0.2, 7L, true);

        // When
        var outcome = new LengthBucketSplitter(config, 8).split(records(i -> "g" + i / 20));

        // Then: still split, groups whole
        assertThat(outcome.buckets()).isBetween(1, 8);
        Map<String, Split> groupSplit = new java.util.HashMap<>();
        for (Split s : Split.values()) {
            for (TextRecord r : outcome.result().get(s)) {
                assertThat(groupSplit.putIfAbsent(r.group(), s)).isIn(null, s);
            }
        }
    }

    @Test
    void shouldRefuseFewerThanOneBucket() {
        assertThatThrownBy(() -> new LengthBucketSplitter(SplitConfig.defaults(), 0))
                .hasMessageContaining("split.length-buckets");
    }
}
