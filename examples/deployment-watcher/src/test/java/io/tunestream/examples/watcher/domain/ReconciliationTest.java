package io.tunestream.examples.watcher.domain;

import io.tunestream.examples.watcher.domain.Reconciliation.AppliedEvent;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationTest {

    @Test
    void shouldCreateTheObjectWhenTheAliasHasNone() {
        // When / Then
        assertThat(Reconciliation.decide(state("e1", 0, 5, 1_000), false, Optional.empty()))
                .isEqualTo(Reconciliation.CREATE);
    }

    @Test
    void shouldUpdateOnlyForALaterEventWhenBothAreInOnePartition() {
        // Given an object written by the event at offset 7
        Optional<AppliedEvent> applied = Optional.of(new AppliedEvent("e7", new EventPosition(0, 7, 7_000)));

        // When / Then: a later rollback to a lower version updates, an earlier event (a replay) does not
        assertThat(Reconciliation.decide(state("e8", 0, 8, 8_000), true, applied)).isEqualTo(Reconciliation.UPDATE);
        assertThat(Reconciliation.decide(state("e6", 0, 6, 9_000), true, applied)).isEqualTo(Reconciliation.STALE);
        assertThat(Reconciliation.decide(state("e7", 0, 7, 7_000), true, applied))
                .isEqualTo(Reconciliation.ALREADY_APPLIED);
        assertThat(Reconciliation.decide(state("e7", 0, 12, 7_000), true, applied))
                .as("the same event delivered again at another offset").isEqualTo(Reconciliation.ALREADY_APPLIED);
    }

    @Test
    void shouldOrderByTheRegistrysTimeWhenTheEventsAreInDifferentPartitions() {
        // Given an object written from partition 2
        Optional<AppliedEvent> applied = Optional.of(new AppliedEvent("e1", new EventPosition(2, 900, 5_000)));

        // When / Then
        assertThat(Reconciliation.decide(state("e2", 0, 3, 6_000), true, applied)).isEqualTo(Reconciliation.UPDATE);
        assertThat(Reconciliation.decide(state("e0", 0, 3, 4_000), true, applied)).isEqualTo(Reconciliation.STALE);
    }

    @Test
    void shouldWriteOverAnObjectWhoseRecordOfTheLastEventIsMissing() {
        // When / Then
        assertThat(Reconciliation.decide(state("e1", 0, 1, 1), true, Optional.empty())).isEqualTo(Reconciliation.UPDATE);
        assertThat(Reconciliation.UPDATE.writes()).isTrue();
        assertThat(Reconciliation.STALE.writes()).isFalse();
        assertThat(Reconciliation.ALREADY_APPLIED.writes()).isFalse();
    }

    static AliasState state(String eventId, int partition, long offset, long producedAt) {
        return new AliasState("spam", "champion", 2, 1, "PROMOTE", "http://registry:8080/api/models/spam/versions/2/artifact",
                "ab".repeat(32), "bundled:all-minilm-l6-v2", Map.of("cpu", "2"), eventId, "admin-token",
                new EventPosition(partition, offset, producedAt));
    }
}
