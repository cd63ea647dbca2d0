package io.tunestream.ingest.domain;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * CSV (RFC 4180, first row is the header) read record by record with Apache Commons CSV; quoted fields
 * may span lines. Bytes are decoded as strict UTF-8; a BOM is ignored.
 */
public final class CsvRowReader implements RowReader {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(false).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;

    public CsvRowReader(InputStream in) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            this.parser = CSVParser.builder().setReader(new BufferedReader(new InputStreamReader(in, decoder), 1 << 16))
                    .setFormat(FORMAT).get();
        } catch (CharacterCodingException e) {
            // The reader decodes ahead of the parser: the bad bytes are somewhere in the first buffer, not
            // necessarily in the header.
            throw new RejectedInputException(RejectionReason.INVALID_UTF8, 0, "the CSV is not valid UTF-8 near its start");
        } catch (CSVException e) {
            throw RejectedInputException.fatal(RejectionReason.BAD_CSV, 1, "bad CSV header: " + e.getMessage());
        }
        this.header = parser.getHeaderNames().stream().map(CsvRowReader::stripBom).toList();
        this.records = parser.iterator();
    }

    @Override
    public InputRow next() throws IOException {
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException e) {
            throw translate(e.getCause());
        }
        long line = parser.getCurrentLineNumber();
        if (record.size() != header.size()) {
            throw new RejectedInputException(RejectionReason.BAD_CSV, line, "record " + record.getRecordNumber()
                    + " has " + record.size() + " fields, the header has " + header.size());
        }
        return new JsonlRowReader.MapRow(line, fields(record));
    }

    private Map<String, String> fields(CSVRecord record) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            fields.put(header.get(i), record.get(i));
        }
        return fields;
    }

    private IOException translate(IOException cause) {
        long line = parser.getCurrentLineNumber() + 1;
        if (cause instanceof CharacterCodingException) {
            throw new RejectedInputException(RejectionReason.INVALID_UTF8, line, "the CSV near line " + line
                    + " is not valid UTF-8");
        }
        if (cause instanceof CSVException) {
            throw RejectedInputException.fatal(RejectionReason.BAD_CSV, line, "bad CSV near line " + line + ": "
                    + cause.getMessage());
        }
        return cause; // the stream itself failed
    }

    /** Header names, in order. */
    public Set<String> headerNames() {
        return new LinkedHashSet<>(header);
    }

    private static String stripBom(String name) {
        return name.startsWith("\uFEFF") ? name.substring(1) : name;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
