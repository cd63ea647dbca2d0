package io.tunestream.ingest.rest;

import io.tunestream.ingest.domain.CsvRowReader;
import io.tunestream.ingest.domain.JsonlRowReader;
import io.tunestream.ingest.domain.RowReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/** The body formats an upload accepts, by media type. */
enum UploadFormat {
    JSONL("application/x-ndjson", "application/jsonl", "application/json-lines"),
    CSV("text/csv");

    private final String[] mediaTypes;

    UploadFormat(String... mediaTypes) {
        this.mediaTypes = mediaTypes;
    }

    /** The format of a Content-Type header (parameters such as charset ignored), if supported. */
    static Optional<UploadFormat> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (UploadFormat format : values()) {
            for (String mediaType : format.mediaTypes) {
                if (mediaType.equals(type)) {
                    return Optional.of(format);
                }
            }
        }
        return Optional.empty();
    }

    /** Every supported media type, for error messages. */
    static String supported() {
        return "application/x-ndjson, application/jsonl, application/json-lines, text/csv";
    }

    RowReader open(InputStream body, int maxLineBytes) throws IOException {
        return this == CSV ? new CsvRowReader(body) : new JsonlRowReader(body, maxLineBytes);
    }
}
