package io.tunestream.ingest.domain;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordValidatorTest {

    private static InputRow row(long line, Map<String, String> fields) {
        return new JsonlRowReader.MapRow(line, new LinkedHashMap<>(fields));
    }

    private static void assertRejected(RecordValidator validator, InputRow row, RejectionReason reason) {
        assertThatThrownBy(() -> validator.validate(row)).isInstanceOfSatisfying(RejectedInputException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.line()).isEqualTo(row.line());
        });
    }

    @Test
    void shouldMapFieldsAndKeepOthersAsAttributesWhenRecordIsValid() {
        // Given
        var mapping = new FieldMapping("body", "category", null, "thread", "uid");
        var validator = new RecordValidator(mapping, 100);
        // When
        ValidRecord record = validator.validate(row(7, Map.of("body", "hi", "category", "spam", "thread", "t1",
                "uid", "m-1", "lang", "en")));
        // Then
        assertThat(record).isEqualTo(new ValidRecord("m-1", "hi", "spam", null, "t1", Map.of("lang", "en")));
    }

    @Test
    void shouldNameTheLineWhenNoIdFieldIsPresent() {
        var validator = new RecordValidator(FieldMapping.defaults(), 100);
        assertThat(validator.validate(row(12, Map.of("text", "a", "label", "x"))).sourceRecordId()).isEqualTo("line-12");
    }

    @Test
    void shouldRejectEmptyTextMissingLabelAndLongText() {
        var validator = new RecordValidator(FieldMapping.defaults(), 6);
        assertRejected(validator, row(1, Map.of("label", "x")), RejectionReason.EMPTY_TEXT);
        assertRejected(validator, row(2, Map.of("text", "  ", "label", "x")), RejectionReason.EMPTY_TEXT);
        assertRejected(validator, row(3, Map.of("text", "abc")), RejectionReason.MISSING_LABEL);
        // "héllo" is 6 UTF-8 bytes (accepted), "héllo!" is 7 (refused)
        assertThat(validator.validate(row(4, Map.of("text", "héllo", "label", "x"))).text()).isEqualTo("héllo");
        assertRejected(validator, row(5, Map.of("text", "héllo!", "label", "x")), RejectionReason.TEXT_TOO_LONG);
    }

    @Test
    void shouldRequireAFiniteScoreWhenMappingIsRegression() {
        // Given
        var validator = new RecordValidator(new FieldMapping("text", "label", "score", null, null), 100);
        // When
        ValidRecord record = validator.validate(row(1, Map.of("text", "good film", "score", "4.5")));
        // Then
        assertThat(record.score()).isEqualTo(4.5);
        assertThat(record.label()).isNull();
        assertRejected(validator, row(2, Map.of("text", "a", "score", "high")), RejectionReason.BAD_SCORE);
        assertRejected(validator, row(3, Map.of("text", "a", "score", "NaN")), RejectionReason.BAD_SCORE);
        assertRejected(validator, row(4, Map.of("text", "a")), RejectionReason.BAD_SCORE);
    }

    @Test
    void shouldCountUtf8BytesLikeTheEncoderWhenTextHasSurrogates() {
        String text = "a€😀ü";
        assertThat(RecordValidator.utf8Length(text)).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
