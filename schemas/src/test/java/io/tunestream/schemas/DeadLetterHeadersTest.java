package io.tunestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    @Test
    void shouldKeepTheOriginalHeadersAndAddWhyAndWhereWhenARecordIsRefused() {
        // Given a record with a header of its own
        Headers original = new RecordHeaders().add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));

        // When
        Headers dead = DeadLetterHeaders.of(original, "registry", DeadLetterHeaders.Refusal.of("ARTIFACT_IO",
                new java.io.IOException("No space left on device")), new DeadLetterHeaders.Source("t", 2, 7L));

        // Then
        assertThat(DeadLetterHeaders.get(dead, "traceparent")).isEqualTo("00-abc");
        assertThat(DeadLetterHeaders.get(dead, DeadLetterHeaders.REASON)).isEqualTo("ARTIFACT_IO");
        assertThat(DeadLetterHeaders.get(dead, DeadLetterHeaders.DETAIL)).isEqualTo("No space left on device");
        assertThat(DeadLetterHeaders.get(dead, DeadLetterHeaders.ERROR_CLASS)).isEqualTo("java.io.IOException");
        assertThat(DeadLetterHeaders.get(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("7");
        assertThat(DeadLetterHeaders.get(dead, DeadLetterHeaders.ATTEMPTS)).isNull();
    }

    @Test
    void shouldCountTheAttemptsOnceWhenTheyAreRecordedAgain() {
        // Given a dead letter that already carries a count (a replayed record refused again)
        Headers dead = DeadLetterHeaders.withAttempts(DeadLetterHeaders.of(null, "evaluator",
                new DeadLetterHeaders.Refusal("TRANSIENT", null, null), null), 2);

        // When
        DeadLetterHeaders.withAttempts(dead, 3);

        // Then
        assertThat(dead.headers(DeadLetterHeaders.ATTEMPTS)).hasSize(1);
        assertThat(DeadLetterHeaders.get(dead, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
    }
}
