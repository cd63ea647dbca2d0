package io.tunestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ".|must not be '.' or '..'",
        "..|must not be '.' or '..'",
        "a/..|must not contain a path separator ('/' or '\\')",
        "/etc/passwd|must not contain a path separator ('/' or '\\')",
        "..\\windows|must not contain a path separator ('/' or '\\')",
        "%2e%2e|must not contain '%' (no percent-encoding)",
        "a..b|must not contain '..'",
        ".hidden|must be letters, digits, '.', '_' or '-', starting with a letter, digit or '_'",
        "-rf|must be letters, digits, '.', '_' or '-', starting with a letter, digit or '_'",
        "a b|must be letters, digits, '.', '_' or '-', starting with a letter, digit or '_'",
        "C:x|must be letters, digits, '.', '_' or '-', starting with a letter, digit or '_'"})
    void shouldGiveTheBrokenRuleWhenAnIdentifierIsUnsafe(String value, String reason) {
        // When / Then
        assertThat(Identifiers.reason(value)).contains(reason);
        assertThat(Identifiers.isValid(value)).isFalse();
    }

    @Test
    void shouldRefuseEmptyOverlongAndControlCharacterIdentifiers() {
        assertThat(Identifiers.reason(null)).contains("must not be empty");
        assertThat(Identifiers.reason("")).contains("must not be empty");
        assertThat(Identifiers.reason("a".repeat(129))).contains("must be at most 128 characters (has 129)");
        assertThat(Identifiers.reason("job\n1")).contains("must not contain control characters");
        assertThat(Identifiers.reason("job\u00001")).contains("must not contain control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"job-1", "spam_v2.1", "_x", "A", "1.0", "sweep-7-t12"})
    void shouldAcceptSafeIdentifiers(String value) {
        assertThat(Identifiers.reason(value)).isEmpty();
        assertThat(Identifiers.isValid("a".repeat(128))).isTrue();
    }

    @Test
    void shouldNameTheFieldAndShowControlCharactersSafelyWhenRequiringAnIdentifier() {
        assertThatThrownBy(() -> Identifiers.require("jobId", "..\n"))
                .isInstanceOf(Identifiers.InvalidIdentifierException.class)
                .hasMessage("jobId '..?' must not contain control characters")
                .satisfies(e -> assertThat(((Identifiers.InvalidIdentifierException) e).field()).isEqualTo("jobId"));
        assertThat(Identifiers.problem("datasetId", "..")).contains("datasetId '..' must not be '.' or '..'");
        assertThat(DatasetKeys.isValidToken("..")).isFalse();
        assertThat(DatasetKeys.isValidToken("spam-1.0")).isTrue();
    }
}
