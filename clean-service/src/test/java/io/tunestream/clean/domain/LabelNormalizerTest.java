package io.tunestream.clean.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelNormalizerTest {

    @Test
    void shouldTrimCaseFoldAndMapWhenMappingIsGiven() {
        // Given
        var normalizer = new LabelNormalizer(LabelSettings.defaults().withMapping(Map.of("1", "SPAM", "0", "ham")));

        // When / Then
        assertThat(normalizer.normalize(" 1 ")).contains("spam");
        assertThat(normalizer.normalize("0")).contains("ham");
        assertThat(normalizer.normalize("  Spam\t")).contains("spam");
        assertThat(normalizer.normalize("ＨＡＭ")).contains("ham");
    }

    @Test
    void shouldApplyUnknownPolicyWhenLabelIsOutsideKnownSet() {
        // Given
        var known = Set.of("spam", "ham");
        var drop = new LabelNormalizer(LabelSettings.defaults().withKnownLabels(known, UnknownLabelPolicy.DROP));
        var keep = new LabelNormalizer(LabelSettings.defaults().withKnownLabels(known, UnknownLabelPolicy.KEEP));
        var fallback = new LabelNormalizer(LabelSettings.defaults().withKnownLabels(known, UnknownLabelPolicy.FALLBACK));

        // When / Then
        assertThat(drop.normalize("phishing")).isEmpty();
        assertThat(drop.normalize("HAM")).contains("ham");
        assertThat(keep.normalize("Phishing")).contains("phishing");
        assertThat(fallback.normalize("phishing")).contains("other");
    }

    @Test
    void shouldAnswerAlikeWhenALabelComesAgainOrPastTheLabelsItRemembers() {
        var normalizer = new LabelNormalizer(LabelSettings.defaults().withKnownLabels(Set.of("ham"),
                UnknownLabelPolicy.DROP));

        for (int i = 0; i < 5000; i++) { // more distinct labels than it remembers
            assertThat(normalizer.normalize("Label " + i)).isEmpty();
        }
        for (int round = 0; round < 2; round++) {
            assertThat(normalizer.normalize(" ＨＡＭ ")).contains("ham");
            assertThat(normalizer.normalize("Label 1")).isEmpty();
            assertThat(normalizer.normalize("Label 4999")).isEmpty();
        }
    }

    @Test
    void shouldReportMissingWhenLabelIsNullOrBlank() {
        var normalizer = new LabelNormalizer(LabelSettings.defaults());
        assertThat(normalizer.normalize(null)).isEmpty();
        assertThat(normalizer.normalize("  ")).isEmpty();
        assertThat(normalizer.isMissing(" ")).isTrue();
        assertThat(normalizer.isMissing("x")).isFalse();
    }
}
