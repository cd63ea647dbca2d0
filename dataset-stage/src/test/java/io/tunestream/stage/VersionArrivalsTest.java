package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VersionArrivalsTest {

    private final List<DatasetEvent> events = SealedDatasetTopologyTest.dataset("d", "1", "c", "a", "b");

    @Test
    void shouldCountARedeliveredEventOnceAndOrderRecordsById() {
        // Given
        VersionArrivals arrivals = new VersionArrivals();
        // When
        assertThat(arrivals.add(events.get(0))).isTrue();
        assertThat(arrivals.add(events.get(1))).isTrue();
        assertThat(arrivals.add(events.get(0))).isFalse();
        assertThat(arrivals.add(events.get(2))).isTrue();
        arrivals.deadLettered(4);
        arrivals.deadLettered(-1);
        // Then
        assertThat(arrivals.sortedRecords()).extracting(DatasetRecord::getText).containsExactly("a", "b", "c");
        assertThat(arrivals.deadLettered()).isEqualTo(2);
        assertThat(arrivals.toVerdictInput(3, 3)).isEqualTo(new SealVerdict.Arrivals(3, 3, 3, 3, 4, 1, 1));
    }
}
