package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionArrivalsTest {

    private final List<DatasetEvent> events = SealedDatasetTopologyTest.dataset("d", "1", "c", "a", "b");

    @Test
    void shouldCountARedeliveredEventOnceAndOrderRecordsById() {
        // Given
        VersionArrivals arrivals = new VersionArrivals();
        // When
        assertThat(arrivals.add(events.get(0), 10)).isTrue();
        assertThat(arrivals.add(events.get(1), 10)).isTrue();
        assertThat(arrivals.add(events.get(0), 10)).isFalse();
        assertThat(arrivals.add(events.get(2), 10)).isTrue();
        arrivals.deadLettered(4);
        arrivals.deadLettered(-1);
        // Then
        assertThat(arrivals.sortedRecords()).extracting(DatasetRecord::getText).containsExactly("a", "b", "c");
        assertThat(arrivals.bytes()).isEqualTo(30);
        assertThat(arrivals.deadLettered()).isEqualTo(2);
        assertThat(arrivals.toVerdictInput(3, 3)).isEqualTo(new SealVerdict.Arrivals(3, 3, 3, 3, 4, 1, 1));
    }

    @Test
    void shouldKeepCountingButRefuseTheRecordsWhenTheyWereLetGo() {
        // Given
        VersionArrivals arrivals = new VersionArrivals();
        arrivals.add(events.get(0), 10);
        // When
        long released = arrivals.releaseRecords();
        arrivals.add(events.get(1), 10);
        // Then
        assertThat(released).isEqualTo(10);
        assertThat(arrivals.bytes()).isZero();
        assertThat(arrivals.holdsRecords()).isFalse();
        assertThat(arrivals.toVerdictInput(2, 0).received()).isEqualTo(2);
        assertThatThrownBy(arrivals::sortedRecords).hasMessageContaining("re-read");
    }
}
