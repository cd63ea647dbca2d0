package io.tunestream.stage;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stage's own whole-number settings, read from its Kafka Streams settings. */
class StageSettingsTest {

    @Test
    void shouldReadTheBatchSizeAndTheMemoryBoundOrFallBackWhenUnset() {
        assertThat(StageEmitter.batchRecords(Map.of())).isEqualTo(StageEmitter.DEFAULT_BATCH_RECORDS);
        assertThat(StageEmitter.batchRecords(Map.of(StageEmitter.BATCH_RECORDS_CONFIG, " 500 "))).isEqualTo(500);
        assertThat(SealedDatasetProcessor.bufferBytes(Map.of())).isEqualTo(SealedDatasetProcessor.DEFAULT_BUFFER_BYTES);
        assertThat(SealedDatasetProcessor.bufferBytes(Map.of(SealedDatasetProcessor.BUFFER_BYTES_CONFIG, "0"))).isZero();
    }

    @Test
    void shouldNameTheSettingWhenItsValueIsTooSmall() {
        assertThatThrownBy(() -> StageEmitter.batchRecords(Map.of(StageEmitter.BATCH_RECORDS_CONFIG, "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset.batch.records must be at least 1, got 0");
        assertThatThrownBy(() -> SealedDatasetProcessor.bufferBytes(Map.of(SealedDatasetProcessor.BUFFER_BYTES_CONFIG, "-1")))
                .hasMessage("dataset.buffer.max.bytes must be at least 0, got -1");
    }
}
