package io.tunestream.launcher.dlq.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which names {@code tunestream dlq} accepts as a dead-letter topic. */
class DeadLetterTopicsTest {

    @Test
    void shouldPrefixABaseNameWhenItNamesADeadLetterTopic() {
        assertThat(DeadLetterTopics.resolve("datasets.raw.dlq", "tunestream.")).isEqualTo("tunestream.datasets.raw.dlq");
        assertThat(DeadLetterTopics.resolve("tunestream.evaluations.dlq", "tunestream."))
                .isEqualTo("tunestream.evaluations.dlq");
        assertThat(DeadLetterTopics.sourceOf("tunestream.datasets.raw.dlq")).isEqualTo("tunestream.datasets.raw");
    }

    @Test
    void shouldPointAtTheDeadLetterTopicWhenGivenItsSource() {
        assertThatThrownBy(() -> DeadLetterTopics.resolve("datasets.raw", "tunestream."))
                .hasMessageContaining("'datasets.raw' is not a dead-letter topic: its dead letters are in 'datasets.raw.dlq'");
        assertThatThrownBy(() -> DeadLetterTopics.resolve("deployments", "tunestream."))
                .hasMessageContaining("'deployments' is not a dead-letter topic: it has none");
    }

    @Test
    void shouldListTheDeadLetterTopicsWhenTheNameIsUnknown() {
        assertThatThrownBy(() -> DeadLetterTopics.resolve("nope.dlq", "tunestream."))
                .hasMessageContaining("unknown dead-letter topic 'nope.dlq'")
                .hasMessageContaining("datasets.raw.dlq").hasMessageContaining("evaluations.dlq");
    }
}
