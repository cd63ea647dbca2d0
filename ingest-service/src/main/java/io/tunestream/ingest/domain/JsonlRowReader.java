package io.tunestream.ingest.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * JSON Lines: one JSON object per line, read with Jackson's streaming parser one line at a time.
 * Blank lines are skipped. Nested values are kept as their JSON text.
 */
public final class JsonlRowReader implements RowReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final InputStream in;
    private final LineSplitter lines;

    public JsonlRowReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.lines = new LineSplitter(in, maxLineBytes);
    }

    @Override
    public InputRow next() throws IOException {
        String line;
        do {
            line = lines.next();
        } while (line != null && line.isBlank());
        if (line == null) {
            return null;
        }
        long number = lines.lineNumber();
        try {
            return new MapRow(number, parseObject(line));
        } catch (JsonProcessingException e) {
            throw new RejectedInputException(RejectionReason.NOT_JSON, number,
                    "line " + number + " is not a JSON object: " + e.getOriginalMessage());
        }
    }

    private static Map<String, String> parseObject(String line) throws IOException {
        try (JsonParser parser = FACTORY.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonProcessingException("expected '{'") { };
            }
            Map<String, String> fields = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                fields.put(name, valueText(parser, parser.nextToken()));
            }
            if (parser.nextToken() != null) {
                throw new JsonProcessingException("unexpected content after the object") { };
            }
            return fields;
        }
    }

    private static String valueText(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            return JSON.writeValueAsString(JSON.readTree(parser));
        }
        return parser.getText();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A row backed by a map of field values. */
    record MapRow(long line, Map<String, String> fields) implements InputRow {
        @Override
        public String field(String name) {
            return fields.get(name);
        }

        @Override
        public Set<String> fieldNames() {
            return fields.keySet();
        }
    }
}
