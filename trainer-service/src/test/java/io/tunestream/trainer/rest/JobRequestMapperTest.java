package io.tunestream.trainer.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.SentencePooling;
import io.tunestream.events.TrainingRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The REST body's pooling reaches the training request, or is refused with the allowed values. */
class JobRequestMapperTest {

    @Test
    void shouldMapPoolingCaseInsensitivelyAndLeaveItUnsetWhenAbsent() {
        // Given
        JobRequestMapper mapper = new JobRequestMapper(base -> Optional.of(List.of("query", "value")));
        // When
        TrainingRequest cls = mapper.map(body("cls"));
        TrainingRequest none = mapper.map(body(null));
        // Then
        assertThat(cls.getPooling()).isEqualTo(SentencePooling.CLS);
        assertThat(none.getPooling()).isNull();
        assertThat(mapper.problems()).isEmpty();
    }

    @Test
    void shouldNameTheAllowedValuesWhenPoolingIsUnknown() {
        // Given
        JobRequestMapper mapper = new JobRequestMapper(base -> Optional.empty());
        // When
        mapper.map(body("max"));
        // Then
        assertThat(mapper.problems()).containsExactly("pooling must be one of [CLS, MEAN], got: max");
    }

    private static JobRequest body(String pooling) {
        return new JobRequest(null, null, "d", "1", null, null,
                new JobRequest.MethodSettings("lora", null, null, null, null, null, null, null, null), null, null, null,
                null, null, pooling);
    }
}
