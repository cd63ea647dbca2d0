package io.tunestream.stage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SealVerdictTest {

    @Test
    void shouldGoOnWithNothingLeftOutWhenEverythingArrived() {
        // Given / When
        SealVerdict verdict = SealVerdict.judge(new SealVerdict.Arrivals(5, 5, 3, 3, 0, 0, 0), PoisonPolicy.DEAD_LETTER);

        // Then
        assertThat(verdict.rejection()).isNull();
        assertThat(verdict.leftOut()).isZero();
    }

    @Test
    void shouldRejectAMissingBatchUnderRejectVersionEvenWhenItWasDeadLettered() {
        SealVerdict verdict = SealVerdict.judge(new SealVerdict.Arrivals(5, 3, 3, 2, 2, 1, 0), PoisonPolicy.REJECT_VERSION);

        assertThat(verdict.rejection()).contains("declares 5 records").contains("3 were received");
        assertThat(verdict.leftOut()).isZero();
    }

    @Test
    void shouldLeaveOutExactlyTheDeadLetteredRecordsUnderDeadLetter() {
        SealVerdict verdict = SealVerdict.judge(new SealVerdict.Arrivals(5, 3, 3, 2, 2, 1, 0), PoisonPolicy.DEAD_LETTER);

        assertThat(verdict.rejection()).isNull();
        assertThat(verdict.leftOut()).isEqualTo(2);
    }

    @Test
    void shouldRejectUnderDeadLetterWhenMoreRecordsArrivedThanDeclared() {
        SealVerdict verdict = SealVerdict.judge(new SealVerdict.Arrivals(2, 3, 0, 0, 0, 0, 0), PoisonPolicy.DEAD_LETTER);

        assertThat(verdict.rejection()).contains("declares 2 records").contains("3 were received");
    }

    @Test
    void shouldRejectUnderDeadLetterWhenTheBatchCountShowsABatchNeitherArrivedNorDeadLettered() {
        // Given 1 record missing in a dead-lettered batch, but the seal counts 4 batches: one more is simply lost
        SealVerdict verdict = SealVerdict.judge(new SealVerdict.Arrivals(5, 4, 4, 2, 1, 1, 0), PoisonPolicy.DEAD_LETTER);

        assertThat(verdict.rejection()).contains("do not account");
    }

    @Test
    void shouldCountUndecodableEventsLeftOutWhenTheyHeldNoneOfTheVersionsRecords() {
        SealVerdict verdict = SealVerdict.judge(new SealVerdict.Arrivals(3, 3, 0, 3, 0, 0, 2), PoisonPolicy.DEAD_LETTER);

        assertThat(verdict.rejection()).isNull();
        assertThat(verdict.leftOut()).isEqualTo(2);
    }
}
