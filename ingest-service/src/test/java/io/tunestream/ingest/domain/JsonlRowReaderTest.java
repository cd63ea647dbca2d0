package io.tunestream.ingest.domain;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonlRowReaderTest {

    private static JsonlRowReader reader(byte[] bytes) {
        return new JsonlRowReader(new ByteArrayInputStream(bytes), 1 << 20);
    }

    private static JsonlRowReader reader(String text) {
        return reader(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadFieldsWhenLinesAreJsonObjects() throws IOException {
        // Given
        try (JsonlRowReader reader = reader("{\"text\":\"héllo 世界\",\"label\":1,\"meta\":{\"a\":[1,2]}}\r\n\n{\"text\":null}\n")) {
            // When
            InputRow first = reader.next();
            InputRow second = reader.next();
            // Then
            assertThat(first.line()).isEqualTo(1);
            assertThat(first.field("text")).isEqualTo("héllo 世界");
            assertThat(first.field("label")).isEqualTo("1");
            assertThat(first.field("meta")).isEqualTo("{\"a\":[1,2]}");
            assertThat(second.line()).isEqualTo(3);
            assertThat(second.field("text")).isNull();
            assertThat(second.fieldNames()).containsExactly("text");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void shouldReportLineNumberWhenALineIsNotJson() throws IOException {
        // Given
        try (JsonlRowReader reader = reader("{\"text\":\"a\"}\n{\"text\": oops}\n[1,2]\n")) {
            reader.next();
            // When / Then
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(RejectedInputException.class, e -> {
                assertThat(e.reason()).isEqualTo(RejectionReason.NOT_JSON);
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.fatal()).isFalse();
            });
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(RejectedInputException.class,
                    e -> assertThat(e.line()).isEqualTo(3));
        }
    }

    @Test
    void shouldRejectTrailingContentWhenObjectIsFollowedByMore() throws IOException {
        try (JsonlRowReader reader = reader("{\"text\":\"a\"} {\"text\":\"b\"}\n")) {
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(RejectedInputException.class,
                    e -> assertThat(e.reason()).isEqualTo(RejectionReason.NOT_JSON));
        }
    }

    @Test
    void shouldFailWithLineNumberWhenBytesAreNotUtf8() throws IOException {
        // Given: line 2 holds a lone 0xC3 continuation-less byte
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\"text\":\"ok\"}\n{\"text\":\"".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC3);
        bytes.writeBytes("(\"}\n".getBytes(StandardCharsets.UTF_8));
        try (JsonlRowReader reader = reader(bytes.toByteArray())) {
            assertThat(reader.next().field("text")).isEqualTo("ok");
            // When / Then
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(RejectedInputException.class, e -> {
                assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_UTF8);
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.fatal()).isTrue();
            });
        }
    }

    @Test
    void shouldRefuseALineLongerThanTheLimitWithoutBufferingIt() {
        // Given
        byte[] longLine = ("{\"text\":\"" + "x".repeat(5000) + "\"}\n").getBytes(StandardCharsets.UTF_8);
        JsonlRowReader reader = new JsonlRowReader(new ByteArrayInputStream(longLine), 1000);
        // When / Then
        assertThatThrownBy(reader::next).isInstanceOfSatisfying(RejectedInputException.class, e -> {
            assertThat(e.reason()).isEqualTo(RejectionReason.TEXT_TOO_LONG);
            assertThat(e.fatal()).isTrue();
        });
    }

    @Test
    void shouldReadTheLastLineWhenItHasNoNewline() throws IOException {
        try (JsonlRowReader reader = reader("{\"text\":\"a\"}\n{\"text\":\"b\"}")) {
            assertThat(reader.next().field("text")).isEqualTo("a");
            assertThat(reader.next().field("text")).isEqualTo("b");
            assertThat(reader.next()).isNull();
        }
    }
}
