package io.tunestream.augment.streams;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AugmentSettingsTest {

    @Test
    void shouldNameTheAugmentationADatasetAsksForItself() {
        assertThat(AugmentSettings.augmentationAskedFor(Map.of("task", "causal_lm", "seed", "1"))).isEmpty();
        assertThat(AugmentSettings.augmentationAskedFor(Map.of("augment.copies", "0", "augment.swap-rate", "0",
                "augment.back-translation", "false"))).isEmpty();
        assertThat(AugmentSettings.augmentationAskedFor(Map.of("augment.copies", "2", "augment.swap-rate", "0.2",
                "augment.back-translation", "true")))
                .isEqualTo("augment.back-translation=true, augment.copies=2, augment.swap-rate=0.2");
    }
}
