package io.tunestream.launcher.dlq.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunestream.launcher.dlq.domain.ReplayLedger.Decision;
import org.junit.jupiter.api.Test;

/** Which dead letters a replay re-publishes, and what it commits so that none is re-published twice. */
class ReplayLedgerTest {

    @Test
    void shouldReplayEveryDeadLetterAndCommitTheEndWhenNothingWasReplayedBefore() {
        // Given
        ReplayLedger ledger = ReplayLedger.resume(0, null, null);

        // When
        Decision first = ledger.next(0, "BAD_HEADER");
        Decision second = ledger.next(1, "EMPTY_TEXT");
        ReplayLedger.Checkpoint checkpoint = ledger.checkpoint(3); // offset 2: a transaction marker

        // Then
        assertThat(first).isEqualTo(Decision.REPLAY);
        assertThat(second).isEqualTo(Decision.REPLAY);
        assertThat(checkpoint.offset()).isEqualTo(3);
        assertThat(ReplayLedger.resume(checkpoint.offset(), checkpoint.metadata(), null).next(1, "EMPTY_TEXT"))
                .isEqualTo(Decision.ALREADY_REPLAYED);
    }

    @Test
    void shouldKeepOtherReasonsForLaterWhenAReasonIsReplayed() {
        // Given dead letters A@0, B@1, A@2
        ReplayLedger onlyA = ReplayLedger.resume(0, null, "A");

        // When
        assertThat(onlyA.next(0, "A")).isEqualTo(Decision.REPLAY);
        assertThat(onlyA.next(1, "B")).isEqualTo(Decision.NOT_SELECTED);
        assertThat(onlyA.next(2, "A")).isEqualTo(Decision.REPLAY);
        ReplayLedger.Checkpoint afterA = onlyA.checkpoint(3);

        // Then the committed offset stops at B, and A's mark covers the A after it
        assertThat(afterA.offset()).isEqualTo(1);
        ReplayLedger again = ReplayLedger.resume(afterA.offset(), afterA.metadata(), null);
        assertThat(again.next(1, "B")).isEqualTo(Decision.REPLAY);
        assertThat(again.next(2, "A")).isEqualTo(Decision.ALREADY_REPLAYED);
        ReplayLedger.Checkpoint all = again.checkpoint(3);
        assertThat(all.offset()).isEqualTo(3);
        assertThat(all.metadata()).isEqualTo(ReplayLedger.FORMAT); // marks below the offset are dropped
    }

    @Test
    void shouldReplayNothingTwiceWhenTheSameReasonIsReplayedAgain() {
        // Given A's dead letters replayed up to 3, B@1 still pending
        ReplayLedger.Checkpoint afterA = replayOnlyA();

        // When
        ReplayLedger secondA = ReplayLedger.resume(afterA.offset(), afterA.metadata(), "A");

        // Then
        assertThat(secondA.next(1, "B")).isEqualTo(Decision.NOT_SELECTED);
        assertThat(secondA.next(2, "A")).isEqualTo(Decision.ALREADY_REPLAYED);
        assertThat(secondA.next(3, "A")).isEqualTo(Decision.REPLAY); // arrived after the first replay
    }

    @Test
    void shouldKeepReasonsWithSeparatorsIntactWhenMarksAreEncoded() {
        // Given
        ReplayLedger ledger = ReplayLedger.resume(0, null, "odd;reason=x");
        ledger.next(0, "other");
        ledger.next(1, "odd;reason=x");

        // When
        ReplayLedger.Checkpoint checkpoint = ledger.checkpoint(2);

        // Then
        assertThat(ReplayLedger.resume(checkpoint.offset(), checkpoint.metadata(), null).next(1, "odd;reason=x"))
                .isEqualTo(Decision.ALREADY_REPLAYED);
    }

    @Test
    void shouldRefuseMetadataItDidNotWriteWhenResuming() {
        assertThatThrownBy(() -> ReplayLedger.resume(4, "something else", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a replay ledger");
    }

    private static ReplayLedger.Checkpoint replayOnlyA() {
        ReplayLedger onlyA = ReplayLedger.resume(0, null, "A");
        onlyA.next(0, "A");
        onlyA.next(1, "B");
        onlyA.next(2, "A");
        return onlyA.checkpoint(3);
    }
}
