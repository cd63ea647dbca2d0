package io.tunestream.clean.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeduplicationTest {

    private static final NearDuplicateSettings WORD_SETS =
            new NearDuplicateSettings(true, 0.9, 128, 16, ShingleMode.WORD, 1);

    /** Two word sets of size n sharing m words: Jaccard = m / (2n - m). */
    private static String[] pairWithJaccard(int n, double jaccard, int salt) {
        int shared = (int) Math.round(2 * n * jaccard / (1 + jaccard));
        String common = words("c" + salt + "_", shared);
        return new String[] {common + " " + words("a" + salt + "_", n - shared),
                             common + " " + words("b" + salt + "_", n - shared)};
    }

    private static String words(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).collect(Collectors.joining(" "));
    }

    private static double exactJaccard(String a, String b) {
        var sa = java.util.Set.of(a.split(" "));
        var sb = java.util.Set.of(b.split(" "));
        long inter = sa.stream().filter(sb::contains).count();
        return (double) inter / (sa.size() + sb.size() - inter);
    }

    @Test
    void shouldKeepFirstOccurrenceWhenTextsRepeat() {
        // Given
        var dedupe = new ExactDeduplicator(4);
        List<String> texts = List.of("a", "b", "a", "c", "b", "", "", "日本語");

        // When
        List<Boolean> first = texts.stream().map(dedupe::firstOccurrence).toList();

        // Then
        assertThat(first).containsExactly(true, true, false, true, false, true, false, true);
        assertThat(dedupe.distinctCount()).isEqualTo(5);
    }

    @Test
    void shouldCountEveryDistinctTextWhenTheSetGrows() {
        var dedupe = new ExactDeduplicator(16);
        for (int i = 0; i < 100_000; i++) {
            assertThat(dedupe.firstOccurrence("text " + i)).isTrue();
        }
        assertThat(dedupe.firstOccurrence("text 77777")).isFalse();
        assertThat(dedupe.distinctCount()).isEqualTo(100_000);
    }

    @Test
    void shouldEstimateJaccardWhenPairsHaveKnownSimilarity() {
        // Given pairs of word sets with Jaccard 0.1 .. 0.95
        var detector = new NearDuplicateDetector(WORD_SETS, 16);
        double[] targets = {0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95};
        List<Double> errors = new ArrayList<>();

        // When
        for (int salt = 0; salt < 5; salt++) {
            for (double target : targets) {
                String[] pair = pairWithJaccard(200, target, salt);
                double truth = exactJaccard(pair[0], pair[1]);
                double estimate = detector.estimateJaccard(pair[0], pair[1]);
                // Then each estimate is within ~3 standard errors (sqrt(J(1-J)/128) <= 0.045)
                assertThat(estimate).as("J=%s", truth).isCloseTo(truth, within(0.13));
                errors.add(Math.abs(estimate - truth));
            }
        }
        assertThat(errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isLessThan(0.04);
    }

    @Test
    void shouldEstimateOneForIdenticalSetsAndNearZeroForDisjointOnes() {
        var detector = new NearDuplicateDetector(NearDuplicateSettings.defaults(), 16);
        String a = "The quick brown fox jumps over the lazy dog near the river bank";
        assertThat(detector.estimateJaccard(a, a)).isEqualTo(1.0);
        assertThat(detector.estimateJaccard(a, "Completely unrelated sentence about spam filters"))
                .isLessThan(0.1);
    }

    @Test
    void shouldFlagNearDuplicatesAboveThresholdAndKeepTheFirst() {
        // Given a detector on word sets, threshold 0.9
        var detector = new NearDuplicateDetector(WORD_SETS, 16);
        String[] close = pairWithJaccard(300, 0.97, 1);
        String[] far = pairWithJaccard(300, 0.6, 2);

        // When / Then: the second of a 0.97 pair is a duplicate of the first kept record (ordinal 0)
        assertThat(detector.keepIfNovel(close[0])).isEqualTo(-1);
        assertThat(detector.keepIfNovel(close[1])).isEqualTo(0);
        // and a 0.6 pair is two kept records
        assertThat(detector.keepIfNovel(far[0])).isEqualTo(-1);
        assertThat(detector.keepIfNovel(far[1])).isEqualTo(-1);
        assertThat(detector.keptCount()).isEqualTo(3);
    }

    @Test
    void shouldFlagEditedCopiesWhenUsingCharacterShingles() {
        // Given a 250-character message and copies with a changed counter or a typo
        var detector = new NearDuplicateDetector(NearDuplicateSettings.defaults(), 16);
        String base = "Dear friend, we are pleased to inform you that your e-mail address has won the international "
                + "lottery draw held in Amsterdam this week. To claim your prize of 1,500,000 euros please contact "
                + "our claims agent with your full name and address. Reference";

        // When / Then
        assertThat(detector.keepIfNovel(base + " 000001")).isEqualTo(-1);
        assertThat(detector.keepIfNovel(base + " 000002")).isEqualTo(0);
        assertThat(detector.keepIfNovel(base.replace("pleased", "pleasd") + " 000001")).isEqualTo(0);
        assertThat(detector.keepIfNovel("Meeting moved to Thursday, agenda attached; please bring the Q3 numbers."))
                .isEqualTo(-1);
    }

    @Test
    void shouldFlagNearDuplicatesWhenTextHasNoSpacesLikeChinese() {
        // Given a Chinese paragraph (no word boundaries) and a copy with one character changed
        var detector = new NearDuplicateDetector(NearDuplicateSettings.defaults(), 16);
        String text = "我们很高兴地通知您，您的电子邮件地址在本周于阿姆斯特丹举行的国际彩票抽奖中获奖。"
                + "请尽快与我们的理赔代理联系，并提供您的全名和地址以领取一百五十万欧元的奖金。参考编号";

        // When / Then
        assertThat(detector.keepIfNovel(text + "000001")).isEqualTo(-1);
        assertThat(detector.keepIfNovel(text + "000002")).isEqualTo(0);
        assertThat(detector.keepIfNovel("会议改到星期四下午，请带上第三季度的数据并确认您是否能参加。")).isEqualTo(-1);
    }
}
