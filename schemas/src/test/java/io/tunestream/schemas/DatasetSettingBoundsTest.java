package io.tunestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetSettingBoundsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "augment.copies|2000000000",
        "augment.copies|17",
        "augment.copies|-1",
        "augment.copies|2.5",
        "augment.synonym-rate|1",
        "augment.insertion-rate|-0.1",
        "augment.swap-rate|NaN",
        "augment.deletion-rate|many",
        "balance.oversample-plan|spam=20000000",
        "balance.oversample-plan|spam=6000000,ham=6000000",
        "clean.near-duplicates|1.5",
        "split|0.8,0.1",
        "split|2,-0.5,-0.5",
        "seed|1e99"})
    void shouldNameTheKeyAndItsBoundWhenASettingIsOverItsBound(String key, String value) {
        // When
        var violations = DatasetSettingBounds.violations(Map.of(key, value));
        // Then
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).key()).isEqualTo(key);
        assertThat(violations.get(0).message()).startsWith("config." + key + " must be " + DatasetSettingBounds.BOUNDS.get(key));
        assertThatThrownBy(() -> DatasetSettingBounds.requireWithin(Map.of(key, value)))
                .isInstanceOf(DatasetSettingBounds.SettingOutOfBoundsException.class).hasMessageContaining(key);
    }

    @Test
    void shouldAcceptSettingsWithinTheirBoundsAndUnboundedKeys() {
        // Given
        Map<String, String> config = Map.of("augment.copies", "16", "augment.synonym-rate", "0.2", "split", "0.7/0.15/0.15",
                "clean.near-duplicates", "off", "balance.oversample-plan", "spam=300,ham=0", "seed", "-7",
                "balance", "oversample", "recipe", "spam");
        // When / Then
        assertThat(DatasetSettingBounds.violations(config)).isEmpty();
    }

    @Test
    void shouldBoundTheNumberOfKeysAndTheLengthOfValues() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= DatasetSettingBounds.MAX_KEYS; i++) {
            many.put("k" + i, "v");
        }
        assertThat(DatasetSettingBounds.violations(many)).extracting(DatasetSettingBounds.Violation::bound)
                .containsExactly("at most 64 keys");
        assertThat(DatasetSettingBounds.violations(Map.of("recipe", "x".repeat(DatasetSettingBounds.MAX_VALUE_LENGTH + 1))))
                .extracting(DatasetSettingBounds.Violation::key).containsExactly("recipe");
    }
}
