package io.tunestream.clean.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BalancerTest {

    /** 60 ham, 30 spam, 10 phish. */
    private static List<TextRecord> imbalanced() {
        List<TextRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String label = i < 60 ? "ham" : i < 90 ? "spam" : "phish";
            records.add(TextRecord.of("r" + i, "text " + i, label));
        }
        return records;
    }

    private static Map<String, Long> histogram(List<TextRecord> records) {
        return records.stream().collect(Collectors.groupingBy(TextRecord::label, Collectors.counting()));
    }

    @Test
    void shouldUndersampleEveryClassToTheSmallestWhenPolicyIsUndersample() {
        // When
        BalanceOutcome outcome = new Balancer(BalancePolicy.UNDERSAMPLE, 7).balance(imbalanced());

        // Then
        assertThat(histogram(outcome.records())).containsOnly(Map.entry("ham", 10L), Map.entry("spam", 10L),
                Map.entry("phish", 10L));
        assertThat(outcome.undersampled()).isEqualTo(70);
    }

    @Test
    void shouldPickTheSameRecordsWhenSeedIsSameWhateverTheInputOrder() {
        // Given
        List<TextRecord> shuffled = new ArrayList<>(imbalanced());
        Collections.shuffle(shuffled, new Random(3));
        Function<List<TextRecord>, List<String>> ids = rs -> rs.stream().map(TextRecord::id).sorted().toList();

        // When
        var a = new Balancer(BalancePolicy.UNDERSAMPLE, 7).balance(imbalanced()).records();
        var b = new Balancer(BalancePolicy.UNDERSAMPLE, 7).balance(shuffled).records();
        var c = new Balancer(BalancePolicy.UNDERSAMPLE, 8).balance(imbalanced()).records();

        // Then
        assertThat(ids.apply(a)).isEqualTo(ids.apply(b)).isNotEqualTo(ids.apply(c));
    }

    @Test
    void shouldPlanExtraCopiesWhenPolicyIsOversample() {
        BalanceOutcome outcome = new Balancer(BalancePolicy.OVERSAMPLE, 7).balance(imbalanced());
        assertThat(outcome.records()).hasSize(100);
        assertThat(outcome.oversamplePlan()).containsOnly(Map.entry("ham", 0), Map.entry("spam", 30),
                Map.entry("phish", 50));
    }

    @Test
    void shouldComputeSklearnBalancedWeightsWhenPolicyIsClassWeights() {
        // n_samples / (n_classes * count) = 100 / (3 * count)
        BalanceOutcome outcome = new Balancer(BalancePolicy.CLASS_WEIGHTS, 7).balance(imbalanced());
        assertThat(outcome.classWeights().get("ham")).isCloseTo(100.0 / 180, within(1e-12));
        assertThat(outcome.classWeights().get("spam")).isCloseTo(100.0 / 90, within(1e-12));
        assertThat(outcome.classWeights().get("phish")).isCloseTo(100.0 / 30, within(1e-12));
    }
}
