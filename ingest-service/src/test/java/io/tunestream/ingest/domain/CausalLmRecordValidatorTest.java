package io.tunestream.ingest.domain;

import io.tunestream.events.Task;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CausalLmRecordValidatorTest {

    private static final FieldMapping LM = new FieldMapping("text", "label", null, "group", "id", null, null, Task.CAUSAL_LM);

    private static InputRow row(long line, Map<String, String> fields) {
        return new JsonlRowReader.MapRow(line, new LinkedHashMap<>(fields));
    }

    private static void assertRejected(RecordValidator validator, InputRow row, RejectionReason reason, String detail) {
        assertThatThrownBy(() -> validator.validate(row)).isInstanceOfSatisfying(RejectedInputException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.reason().perRecord()).isTrue();
            assertThat(e.getMessage()).contains(detail);
        });
    }

    @Test
    void shouldKeepPromptAndCompletionWithNullTextAndNoLabelWhenTaskIsCausalLm() {
        // Given
        var validator = new RecordValidator(LM, 100);
        // When
        ValidRecord record = validator.validate(row(1, Map.of("id", "q1", "prompt", "Capital of France?",
                "completion", " Paris.", "lang", "en")));
        // Then
        assertThat(record).isEqualTo(new ValidRecord("q1", null, null, null, null, Map.of("lang", "en"),
                "Capital of France?", " Paris."));
        assertThat(record.pair()).isTrue();
    }

    @Test
    void shouldAcceptPlainTextWithoutLabelWhenTaskIsCausalLm() {
        var validator = new RecordValidator(LM, 100);
        ValidRecord record = validator.validate(row(2, Map.of("text", "Once upon a time.")));
        assertThat(record.text()).isEqualTo("Once upon a time.");
        assertThat(record.pair()).isFalse();
    }

    @Test
    void shouldRejectPromptWithoutCompletionAndOtherBrokenShapesWithAClearReason() {
        var validator = new RecordValidator(LM, 100);
        assertRejected(validator, row(1, Map.of("prompt", "Capital of France?")), RejectionReason.MISSING_COMPLETION,
                "field 'completion' is missing or empty");
        assertRejected(validator, row(2, Map.of("prompt", "Q", "completion", "  ")), RejectionReason.MISSING_COMPLETION,
                "needs a completion");
        assertRejected(validator, row(3, Map.of("completion", "Paris")), RejectionReason.MISSING_PROMPT, "needs a prompt");
        assertRejected(validator, row(4, Map.of("label", "x")), RejectionReason.EMPTY_TEXT,
                "needs field 'text', or fields 'prompt' and 'completion'");
        assertRejected(validator, row(5, Map.of("text", "t", "prompt", "p", "completion", "c")),
                RejectionReason.AMBIGUOUS_RECORD, "not both");
    }

    @Test
    void shouldBoundPromptAndCompletionTogetherWhenTheyAreLong() {
        var validator = new RecordValidator(LM, 10);
        assertThat(validator.validate(row(1, Map.of("prompt", "12345", "completion", "67890"))).completion()).isEqualTo("67890");
        assertRejected(validator, row(2, Map.of("prompt", "12345", "completion", "678901")), RejectionReason.TEXT_TOO_LONG,
                "11 UTF-8 bytes");
    }

    @Test
    void shouldReadCustomPromptAndCompletionFieldsWhenMapped() {
        var mapping = new FieldMapping("text", "label", null, null, null, "instruction", "output", Task.CAUSAL_LM);
        var validator = new RecordValidator(mapping, 100);
        ValidRecord record = validator.validate(row(1, Map.of("instruction", "Say hi", "output", "Hi!", "prompt", "kept")));
        assertThat(record.prompt()).isEqualTo("Say hi");
        assertThat(record.completion()).isEqualTo("Hi!");
        assertThat(record.attributes()).containsExactly(Map.entry("prompt", "kept"));
    }

    @Test
    void shouldIgnorePromptFieldsAndRequireALabelWhenTaskIsClassification() {
        var validator = new RecordValidator(FieldMapping.defaults(), 100);
        assertThatThrownBy(() -> validator.validate(row(1, Map.of("prompt", "p", "completion", "c"))))
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.EMPTY_TEXT));
        assertThat(FieldMapping.defaults().task()).isEqualTo(Task.CLASSIFICATION);
    }

    @Test
    void shouldDecideTheTaskOfATopicRecordByItsShape() {
        var pair = new ValidRecord("a", null, null, null, null, Map.of(), "p", "c");
        var marked = new ValidRecord("b", "some text", null, null, null, Map.of("task", "causal_lm"));
        var labelled = new ValidRecord("c", "some text", "spam", null, null, Map.of());
        var halfPair = new ValidRecord("d", null, null, null, null, Map.of(), "p", null);
        var validator = new RecordValidator(FieldMapping.defaults(), 100);

        assertThat(RecordValidator.taskOf(pair)).isEqualTo(Task.CAUSAL_LM);
        assertThat(RecordValidator.taskOf(marked)).isEqualTo(Task.CAUSAL_LM);
        assertThat(RecordValidator.taskOf(labelled)).isEqualTo(Task.CLASSIFICATION);
        assertThat(validator.validate(marked, 0).text()).isEqualTo("some text");
        assertThatThrownBy(() -> validator.validate(halfPair, 0)).isInstanceOfSatisfying(RejectedInputException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_COMPLETION));
    }

    @Test
    void shouldRefuseAScoreFieldUnlessTaskIsRegression() {
        assertThatThrownBy(() -> new FieldMapping("text", "label", "score", null, null, null, null, Task.CAUSAL_LM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task=causal_lm");
        assertThat(new FieldMapping("text", "label", null, null, null, null, null, Task.REGRESSION).scoreField())
                .isEqualTo("score");
        assertThatThrownBy(() -> FieldMapping.parseTask("chat")).hasMessageContaining("classification, regression or causal_lm");
    }
}
