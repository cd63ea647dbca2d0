package io.tunestream.sampledata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class CorpusFractionTest {

    private static final List<SampleRecord> RECORDS = IntStream.range(0, 2_000)
            .mapToObj(i -> new SampleRecord("spam-1/" + i, "text " + i, i % 3 == 0 ? "spam" : "ham", "g" + i)).toList();

    @Test
    void shouldKeepAboutTheShareAskedFor() {
        // When
        long kept = RECORDS.stream().filter(new CorpusFraction(0.2)).count();

        // Then
        assertThat(kept).isBetween(320L, 480L);
    }

    @Test
    void shouldKeepASmallerFractionInsideALargerOne() {
        // When
        List<SampleRecord> small = RECORDS.stream().filter(new CorpusFraction(0.1)).toList();
        List<SampleRecord> large = RECORDS.stream().filter(new CorpusFraction(0.5)).toList();

        // Then
        assertThat(large).containsAll(small);
        assertThat(RECORDS.stream().filter(CorpusFraction.ALL)).hasSize(RECORDS.size());
    }

    @Test
    void shouldRefuseAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> new CorpusFraction(0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new CorpusFraction(1.5)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new CorpusFraction(Double.NaN)).hasMessageContaining("(0, 1]");
    }
}
