package io.tunestream.split.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LargestRemainderTest {

    @Test
    void shouldApportionByLargestRemainderWhenQuotasAreFractional() {
        assertThat(LargestRemainder.apportion(10, new double[] {0.8, 0.1, 0.1})).containsExactly(8, 1, 1);
        assertThat(LargestRemainder.apportion(13, new double[] {0.8, 0.1, 0.1})).containsExactly(11, 1, 1);
        assertThat(LargestRemainder.apportion(7, new double[] {0.8, 0.1, 0.1})).containsExactly(5, 1, 1);
        assertThat(LargestRemainder.apportion(101, new double[] {0.6, 0.25, 0.15})).containsExactly(61, 25, 15);
        assertThat(LargestRemainder.apportion(3, new double[] {0.8, 0.1, 0.1})).containsExactly(1, 1, 1);
    }

    @Test
    void shouldLeaveZeroRatioPartsEmptyWhenASplitIsDisabled() {
        assertThat(LargestRemainder.apportion(9, new double[] {0.5, 0.0, 0.5})).containsExactly(5, 0, 4);
    }
}
