package io.tunestream.augment.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LanguagePlanTest {

    private static final AugmentConfig EDA = AugmentConfig.defaults();
    private static final List<String> ENGLISH = List.of("the good manager approved a large budget for the small team",
            "please send the quarterly report before the meeting tomorrow");
    private static final List<String> CHINESE = List.of("床前明月光，疑是地上霜。举头望明月，低头思故乡。",
            "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。");

    @Test
    void shouldKeepEveryEdaOperationWhenTheTextIsDetectedAsEnglish() {
        // When
        LanguagePlan plan = LanguagePlan.decide("auto", ENGLISH, EDA, StopWords.english());
        // Then
        assertThat(plan.language()).isEqualTo("en");
        assertThat(plan.reason()).startsWith("detected: latin script");
        assertThat(plan.config()).isEqualTo(EDA);
        assertThat(plan.segmenter().name()).isEqualTo("whitespace");
    }

    @Test
    void shouldSegmentWithJiebaAndDropWordNetWhenTheTextIsChinese() {
        // When
        LanguagePlan plan = LanguagePlan.decide(null, CHINESE, EDA, StopWords.english());
        // Then
        assertThat(plan.language()).isEqualTo("zh");
        assertThat(plan.reason()).isEqualTo("detected: han script, 100% of letters");
        assertThat(plan.segmenter().name()).isEqualTo("jieba");
        assertThat(plan.config().synonymRate()).isZero();
        assertThat(plan.config().insertionRate()).isZero();
        assertThat(plan.config().swapRate()).isEqualTo(0.1);
        assertThat(plan.augments()).isTrue();
        assertThat(plan.note()).contains("jieba", "WordNet synonym replacement and insertion off");
    }

    @Test
    void shouldSkipAugmentationAndSayWhyWhenAJapaneseDatasetIsDeclared() {
        // When
        LanguagePlan plan = LanguagePlan.decide("ja", List.of("吾輩は猫である。名前はまだ無い。"), EDA, StopWords.english());
        // Then
        assertThat(plan.augments()).isFalse();
        assertThat(plan.note()).startsWith("augmentation skipped: language ja (declared)")
                .contains("no bundled segmenter");
    }

    @Test
    void shouldTurnWordNetOffWhenALatinTextIsNotEnglish() {
        // When
        LanguagePlan plan = LanguagePlan.decide("auto", List.of("der Hund schläft unter dem Tisch im Garten"), EDA,
                StopWords.english());
        // Then
        assertThat(plan.language()).isEqualTo("und-Latn");
        assertThat(plan.config().synonymRate()).isZero();
        assertThat(plan.config().deletionRate()).isEqualTo(0.1);
    }

    @Test
    void shouldSwapChineseWordsNotClausesWhenAugmenting() {
        // Given
        LanguagePlan plan = LanguagePlan.decide("zh", CHINESE, EDA.withCopies(3), StopWords.english());
        Augmenter augmenter = new Augmenter(plan.config(), (word, previous) -> List.of(), StopWords.english(), null,
                plan.segmenter());
        TextRecord source = new TextRecord("p1", CHINESE.get(0), "tang", null, null, null, List.of());
        // When
        List<TextRecord> copies = augmenter.augment(source);
        // Then copies differ from the poem, keep its characters (swap) or a subset (deletion), and have no spaces
        assertThat(plan.segmenter().split(CHINESE.get(0))).hasSizeGreaterThan(4).contains("明月光，");
        assertThat(copies).isNotEmpty().allSatisfy(c -> {
            assertThat(c.text()).isNotEqualTo(source.text()).doesNotContain(" ");
            assertThat(c.operations()).last().isIn("augment:swap", "augment:delete");
        });
    }

    @Test
    void shouldDetectFromASampleThatKeepsTheMixWhenTheTrainSplitIsLargeAndPeriodic() {
        // Given: 60,000 texts, every third one Chinese (a period that divides the sample's stretches)
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            texts.add(i % 3 == 0 ? CHINESE.get(i % 2) : ENGLISH.get(i % 2));
        }
        // When
        List<String> sample = LanguagePlan.sample(texts, LanguagePlan.DETECTION_SAMPLE);
        LanguagePlan plan = LanguagePlan.decide("auto", texts, EDA, StopWords.english());
        // Then: the sample keeps the mix, and the plan is the one the sample gives
        assertThat(sample).hasSize(LanguagePlan.DETECTION_SAMPLE);
        assertThat(LanguagePlan.sample(texts, LanguagePlan.DETECTION_SAMPLE)).isEqualTo(sample);
        assertThat(sample.stream().filter(CHINESE::contains).count()).isBetween(1500L, 1834L);
        LanguagePlan fromSample = LanguagePlan.decide("auto", sample, EDA, StopWords.english());
        assertThat(plan.language()).isEqualTo(fromSample.language());
        assertThat(plan.reason()).isEqualTo(fromSample.reason());
        assertThat(LanguagePlan.sample(ENGLISH, 5)).isSameAs(ENGLISH);
    }
}
