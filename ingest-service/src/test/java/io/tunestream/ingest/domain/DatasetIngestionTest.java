package io.tunestream.ingest.domain;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetIngestionTest {

    private static final String MIXED = """
            {"text":"buy now","label":"spam"}
            {"text":"","label":"ham"}
            not json
            {"text":"lunch?","label":"ham"}
            {"text":"hello"}
            """;

    private final List<ValidRecord> published = new ArrayList<>();

    private static JsonlRowReader jsonl(String text) {
        return new JsonlRowReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20);
    }

    private static DatasetIngestion ingestion(RejectionPolicy policy, long maxRecords) {
        return new DatasetIngestion(new RecordValidator(FieldMapping.defaults(), 1000), policy, maxRecords);
    }

    @Test
    void shouldFailOnTheFirstBadRecordWhenPolicyIsFailUpload() {
        assertThatThrownBy(() -> ingestion(RejectionPolicy.FAIL_UPLOAD, 100).run(jsonl(MIXED), published::add))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.EMPTY_TEXT);
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void shouldCountAndSkipBadRecordsWhenPolicyIsSkipRecord() throws IOException {
        // When
        IngestCounts counts = ingestion(RejectionPolicy.SKIP_RECORD, 100).run(jsonl(MIXED), published::add);
        // Then
        assertThat(counts.accepted()).isEqualTo(2);
        assertThat(counts.rejected()).containsExactlyInAnyOrderEntriesOf(Map.of(RejectionReason.EMPTY_TEXT, 1L,
                RejectionReason.NOT_JSON, 1L, RejectionReason.MISSING_LABEL, 1L));
        assertThat(counts.labels()).containsExactly(Map.entry("ham", 1L), Map.entry("spam", 1L));
        assertThat(published).extracting(ValidRecord::text).containsExactly("buy now", "lunch?");
    }

    @Test
    void shouldFailWhenTheBodyIsEmptyOrEveryRecordIsBad() {
        assertThatThrownBy(() -> ingestion(RejectionPolicy.FAIL_UPLOAD, 100).run(jsonl("\n\n"), published::add))
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.EMPTY_BODY));
        assertThatThrownBy(() -> ingestion(RejectionPolicy.SKIP_RECORD, 100).run(jsonl("x\ny\n"), published::add))
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.NO_VALID_RECORDS));
    }

    @Test
    void shouldFailWhenRecordLimitIsExceeded() {
        String three = "{\"text\":\"a\",\"label\":\"x\"}\n".repeat(3);
        assertThatThrownBy(() -> ingestion(RejectionPolicy.SKIP_RECORD, 2).run(jsonl(three), published::add))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.TOO_MANY_RECORDS);
                    assertThat(e.line()).isEqualTo(3);
                });
    }

    @Test
    void shouldFailWhenTheUploadExceedsTheByteLimit() {
        String body = "{\"text\":\"a\",\"label\":\"x\"}\n".repeat(100);
        InputStream limited = new LimitedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), 500);
        assertThatThrownBy(() -> ingestion(RejectionPolicy.FAIL_UPLOAD, 1000)
                .run(new JsonlRowReader(limited, 1 << 20), published::add))
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.UPLOAD_TOO_LARGE));
    }

    @Test
    void shouldPropagateStreamFailuresWhenTheClientGoesAway() {
        // Given: two whole lines, then the connection fails
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        InputStream broken = new java.io.SequenceInputStream(new ByteArrayInputStream(
                "{\"text\":\"a\",\"label\":\"x\"}\n".repeat(2).getBytes(StandardCharsets.UTF_8)), failing);
        assertThatThrownBy(() -> ingestion(RejectionPolicy.FAIL_UPLOAD, 1000)
                .run(new JsonlRowReader(broken, 1 << 20), published::add))
                .isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThat(published).hasSize(2);
    }
}
