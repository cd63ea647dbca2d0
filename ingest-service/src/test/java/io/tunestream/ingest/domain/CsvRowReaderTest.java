package io.tunestream.ingest.domain;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowReaderTest {

    private static CsvRowReader reader(String text) throws IOException {
        return new CsvRowReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldReadQuotedMultiLineFieldsWhenCsvIsRfc4180() throws IOException {
        // Given
        try (CsvRowReader reader = reader("\uFEFFtext,label\r\n\"Hello, \"\"world\"\"\nsecond line\",spam\r\nplain,ham\r\n")) {
            // When
            InputRow first = reader.next();
            InputRow second = reader.next();
            // Then
            assertThat(reader.headerNames()).containsExactly("text", "label");
            assertThat(first.field("text")).isEqualTo("Hello, \"world\"\nsecond line");
            assertThat(first.field("label")).isEqualTo("spam");
            assertThat(second.field("text")).isEqualTo("plain");
            assertThat(second.line()).isEqualTo(4);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void shouldRejectARowWhenItHasTheWrongNumberOfFields() throws IOException {
        try (CsvRowReader reader = reader("text,label\na,spam\nb\nc,ham\n")) {
            reader.next();
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(RejectedInputException.class, e -> {
                assertThat(e.reason()).isEqualTo(RejectionReason.BAD_CSV);
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.fatal()).isFalse();
            });
            assertThat(reader.next().field("text")).isEqualTo("c");
        }
    }

    @Test
    void shouldFailWhenQuotingIsBroken() throws IOException {
        try (CsvRowReader reader = reader("text,label\n\"a\"b,spam\n")) {
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(RejectedInputException.class, e -> {
                assertThat(e.reason()).isEqualTo(RejectionReason.BAD_CSV);
                assertThat(e.fatal()).isTrue();
            });
        }
    }

    @Test
    void shouldFailWhenBytesAreNotUtf8() throws IOException {
        byte[] bytes = {'t', 'e', 'x', 't', '\n', 'a', (byte) 0xFF, 'b', '\n'};
        assertThatThrownBy(() -> {
            try (CsvRowReader reader = new CsvRowReader(new ByteArrayInputStream(bytes))) {
                while (reader.next() != null) {
                    // read to the end
                }
            }
        }).isInstanceOfSatisfying(RejectedInputException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_UTF8));
    }
}
