package io.tunestream.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one set of record rules, for REST uploads and for the ingest topic alike: a non-blank text of at
 * most {@code maxTextBytes} UTF-8 bytes, and a label (classification) or a finite score (regression).
 */
public final class RecordValidator {

    private final FieldMapping mapping;
    private final int maxTextBytes;

    public RecordValidator(FieldMapping mapping, int maxTextBytes) {
        this.mapping = mapping;
        this.maxTextBytes = maxTextBytes;
    }

    /**
     * Validates one input row under the field mapping.
     *
     * @throws RejectedInputException with a per-record reason when the row is not a valid record
     */
    public ValidRecord validate(InputRow row) {
        Double score = mapping.regression() ? parseScore(row) : null;
        String id = mapping.idField() == null ? null : row.field(mapping.idField());
        ValidRecord candidate = new ValidRecord(id == null || id.isBlank() ? "line-" + row.line() : id,
                row.field(mapping.textField()), row.field(mapping.labelField()), score,
                mapping.groupField() == null ? null : row.field(mapping.groupField()), attributes(row));
        return validate(candidate, row.line());
    }

    /**
     * Validates a record whose fields are already split out (the ingest topic's records): it needs a label
     * or a score.
     */
    public ValidRecord validate(ValidRecord record, long line) {
        String text = record.text();
        if (text == null || text.isBlank()) {
            throw new RejectedInputException(RejectionReason.EMPTY_TEXT, line, "field '" + mapping.textField()
                    + "' is missing or empty");
        }
        int bytes = utf8Length(text);
        if (bytes > maxTextBytes) {
            throw new RejectedInputException(RejectionReason.TEXT_TOO_LONG, line,
                    "text has " + bytes + " UTF-8 bytes, the limit is " + maxTextBytes);
        }
        boolean hasLabel = record.label() != null && !record.label().isBlank();
        if (record.score() != null && !Double.isFinite(record.score())) {
            throw new RejectedInputException(RejectionReason.BAD_SCORE, line, "score is not a finite number");
        }
        if (!hasLabel && record.score() == null) {
            throw new RejectedInputException(RejectionReason.MISSING_LABEL, line, "field '" + mapping.labelField()
                    + "' is missing or empty");
        }
        return hasLabel ? record : withoutLabel(record);
    }

    private Double parseScore(InputRow row) {
        String raw = row.field(mapping.scoreField());
        try {
            double score = Double.parseDouble(raw == null ? "" : raw.strip());
            if (Double.isFinite(score)) {
                return score;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new RejectedInputException(RejectionReason.BAD_SCORE, row.line(), "field '" + mapping.scoreField()
                + "' must be a finite number, got: " + abbreviate(raw));
    }

    private Map<String, String> attributes(InputRow row) {
        Set<String> mapped = new HashSet<>(Arrays.asList(mapping.textField(), mapping.labelField(),
                mapping.scoreField(), mapping.groupField(), mapping.idField()));
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : row.fieldNames()) {
            String value = row.field(name);
            if (!mapped.contains(name) && value != null) {
                attributes.put(name, value);
            }
        }
        return attributes;
    }

    private static ValidRecord withoutLabel(ValidRecord r) {
        return new ValidRecord(r.sourceRecordId(), r.text(), null, r.score(), r.group(), r.attributes());
    }

    /** UTF-8 length without allocating a byte array (texts may be large). */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(missing)";
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= 40 ? s : s.substring(0, Math.min(s.length(), 40)) + "...";
    }
}
