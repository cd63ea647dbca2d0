package io.tunestream.augment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AugmenterTest {

    private static final TextRecord HAM = new TextRecord("h1", "Meeting moved to Thursday afternoon, please confirm",
            "ham", null, "thread-9", null, List.of("clean:nfkc"));
    private static final TextRecord SPAM = TextRecord.of("s1", "Claim your free prize money today", "spam");

    private static final Augmenter EDA = Augmenter.withWordNet(AugmentConfig.defaults());

    @Test
    void shouldProduceCopiesWithLineageWhenAugmenting() {
        // When
        List<TextRecord> copies = EDA.augment(HAM);

        // Then
        assertThat(copies).hasSize(4);
        assertThat(copies).extracting(TextRecord::id).containsExactly("h1~aug0", "h1~aug1", "h1~aug2", "h1~aug3");
        assertThat(copies).allSatisfy(c -> {
            assertThat(c.sourceId()).isEqualTo("h1");
            assertThat(c.label()).isEqualTo("ham");
            assertThat(c.group()).isEqualTo("thread-9");
            assertThat(c.text()).isNotEqualTo(HAM.text());
            assertThat(c.operations()).hasSize(2).first().isEqualTo("clean:nfkc");
            assertThat(c.operations().get(1)).isIn("augment:synonym", "augment:insert", "augment:swap",
                    "augment:delete");
        });
    }

    @Test
    void shouldBeDeterministicAndOrderIndependentWhenSeedIsFixed() {
        // Given
        List<TextRecord> forward = new ArrayList<>();
        forward.addAll(EDA.augment(HAM));
        forward.addAll(EDA.augment(SPAM));
        List<TextRecord> backward = new ArrayList<>();
        backward.addAll(EDA.augment(SPAM));
        backward.addAll(EDA.augment(HAM));

        // When
        List<TextRecord> otherSeed = Augmenter.withWordNet(AugmentConfig.defaults().withSeed(1)).augment(HAM);

        // Then
        assertThat(forward).containsExactlyInAnyOrderElementsOf(backward);
        assertThat(Augmenter.withWordNet(AugmentConfig.defaults()).augment(HAM)).isEqualTo(EDA.augment(HAM));
        assertThat(otherSeed).extracting(TextRecord::text).isNotEqualTo(EDA.augment(HAM).stream()
                .map(TextRecord::text).toList());
    }

    @Test
    void shouldOversampleMinorityClassesUntilCountsMatchWhenPlanned() {
        // Given 6 ham and 2 spam records
        List<TextRecord> train = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            train.add(TextRecord.of("h" + i, "Lunch meeting number " + i + " moved to the large conference room",
                    "ham"));
        }
        train.add(TextRecord.of("s1", "Claim your free prize money today", "spam"));
        train.add(TextRecord.of("s2", "Cheap watches and pills shipped overnight", "spam"));
        var plan = OversamplingPlanExecutor.planToMatchLargest(train);

        // When
        var outcome = new OversamplingPlanExecutor(EDA).execute(train, plan);

        // Then
        assertThat(plan).containsOnly(Map.entry("ham", 0), Map.entry("spam", 4));
        assertThat(outcome.generated()).hasSize(4).allSatisfy(r -> {
            assertThat(r.label()).isEqualTo("spam");
            assertThat(r.sourceId()).isIn("s1", "s2");
            assertThat(r.operations()).startsWith("augment:oversample");
        });
        assertThat(outcome.generated()).extracting(TextRecord::id).doesNotHaveDuplicates();
        assertThat(outcome.shortfall()).containsOnly(Map.entry("ham", 0), Map.entry("spam", 0));
    }

    @Test
    void shouldReportShortfallWhenRecordsCannotBeAugmented() {
        // Given a class whose only record is one token (no operation can change it)
        List<TextRecord> train = List.of(TextRecord.of("a", "alpha beta gamma", "x"),
                TextRecord.of("b", "alpha beta delta", "x"), TextRecord.of("c", "zzqx", "y"));

        // When
        var outcome = new OversamplingPlanExecutor(EDA).execute(train, Map.of("y", 1));

        // Then
        assertThat(outcome.generated()).isEmpty();
        assertThat(outcome.shortfall()).containsEntry("y", 1);
    }
}
