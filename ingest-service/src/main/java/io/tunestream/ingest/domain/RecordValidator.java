package io.tunestream.ingest.domain;

import io.tunestream.events.Task;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one set of record rules, for REST uploads and for the ingest topic alike. Classification: a non-blank text
 * of at most {@code maxTextBytes} UTF-8 bytes and a label; regression: a text and a finite score; causal LM:
 * either a text, or a prompt and a completion (together at most {@code maxTextBytes}), never both, no label or
 * score needed.
 */
public final class RecordValidator {

    /** Record attribute by which an ingest-topic producer marks a text-only record as causal-LM data. */
    public static final String TASK_ATTRIBUTE = "task";

    private final FieldMapping mapping;
    private final int maxTextBytes;

    public RecordValidator(FieldMapping mapping, int maxTextBytes) {
        this.mapping = mapping;
        this.maxTextBytes = maxTextBytes;
    }

    /**
     * Validates one input row under the field mapping and its task.
     *
     * @throws RejectedInputException with a per-record reason when the row is not a valid record
     */
    public ValidRecord validate(InputRow row) {
        boolean lm = mapping.causalLm();
        Double score = mapping.regression() ? parseScore(row) : null;
        String id = mapping.idField() == null ? null : row.field(mapping.idField());
        ValidRecord candidate = new ValidRecord(id == null || id.isBlank() ? "line-" + row.line() : id,
                row.field(mapping.textField()), row.field(mapping.labelField()), score,
                mapping.groupField() == null ? null : row.field(mapping.groupField()), attributes(row),
                lm ? row.field(mapping.promptField()) : null, lm ? row.field(mapping.completionField()) : null);
        return validate(candidate, row.line(), mapping.task());
    }

    /**
     * Validates a record whose fields are already split out (the ingest topic's records). Their seal, which
     * declares the task, comes last, so the record's own shape decides: a prompt or completion, or the attribute
     * {@code task=causal_lm}, makes it a causal-LM record; otherwise it needs a label or a score.
     */
    public ValidRecord validate(ValidRecord record, long line) {
        return validate(record, line, taskOf(record));
    }

    /** The task a record on the ingest topic belongs to, by its shape (see {@link #validate(ValidRecord, long)}). */
    public static Task taskOf(ValidRecord record) {
        String declared = record.attributes() == null ? null : record.attributes().get(TASK_ATTRIBUTE);
        if (record.pair() || (declared != null && declared.strip().equalsIgnoreCase("causal_lm"))) {
            return Task.CAUSAL_LM;
        }
        return record.score() != null ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    /** Validates a record under the given task. */
    public ValidRecord validate(ValidRecord record, long line, Task task) {
        boolean hasLabel = notBlank(record.label());
        if (task == Task.CAUSAL_LM) {
            ValidRecord valid = validateCausalLm(record, line, hasLabel ? record.label() : null);
            requireFiniteScore(record, line);
            return valid;
        }
        requireText(record.text(), line);
        requireFiniteScore(record, line);
        if (!hasLabel && record.score() == null) {
            throw new RejectedInputException(RejectionReason.MISSING_LABEL, line, "field '" + mapping.labelField()
                    + "' is missing or empty");
        }
        return new ValidRecord(record.sourceRecordId(), record.text(), hasLabel ? record.label() : null,
                record.score(), record.group(), record.attributes());
    }

    private ValidRecord validateCausalLm(ValidRecord r, long line, String label) {
        boolean hasPrompt = notBlank(r.prompt());
        boolean hasCompletion = notBlank(r.completion());
        if (!hasPrompt && !hasCompletion) {
            if (!notBlank(r.text())) {
                throw new RejectedInputException(RejectionReason.EMPTY_TEXT, line, "a causal-LM record needs field '"
                        + mapping.textField() + "', or fields '" + mapping.promptField() + "' and '"
                        + mapping.completionField() + "'");
            }
            requireText(r.text(), line);
            return new ValidRecord(r.sourceRecordId(), r.text(), label, r.score(), r.group(), r.attributes());
        }
        if (notBlank(r.text())) {
            throw new RejectedInputException(RejectionReason.AMBIGUOUS_RECORD, line, "a causal-LM record has either field '"
                    + mapping.textField() + "' or fields '" + mapping.promptField() + "' and '"
                    + mapping.completionField() + "', not both");
        }
        if (!hasCompletion) {
            throw new RejectedInputException(RejectionReason.MISSING_COMPLETION, line, "field '"
                    + mapping.completionField() + "' is missing or empty: a causal-LM record with a prompt needs a completion");
        }
        if (!hasPrompt) {
            throw new RejectedInputException(RejectionReason.MISSING_PROMPT, line, "field '"
                    + mapping.promptField() + "' is missing or empty: a causal-LM record with a completion needs a prompt");
        }
        requireSize(utf8Length(r.prompt()) + utf8Length(r.completion()), "prompt and completion have", line);
        return new ValidRecord(r.sourceRecordId(), null, label, r.score(), r.group(), r.attributes(), r.prompt(),
                r.completion());
    }

    private static void requireFiniteScore(ValidRecord record, long line) {
        if (record.score() != null && !Double.isFinite(record.score())) {
            throw new RejectedInputException(RejectionReason.BAD_SCORE, line, "score is not a finite number");
        }
    }

    private void requireText(String text, long line) {
        if (!notBlank(text)) {
            throw new RejectedInputException(RejectionReason.EMPTY_TEXT, line, "field '" + mapping.textField()
                    + "' is missing or empty");
        }
        requireSize(utf8Length(text), "text has", line);
    }

    private void requireSize(int bytes, String what, long line) {
        if (bytes > maxTextBytes) {
            throw new RejectedInputException(RejectionReason.TEXT_TOO_LONG, line,
                    what + " " + bytes + " UTF-8 bytes, the limit is " + maxTextBytes);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
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
        if (mapping.causalLm()) {
            mapped.add(mapping.promptField());
            mapped.add(mapping.completionField());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : row.fieldNames()) {
            String value = row.field(name);
            if (!mapped.contains(name) && value != null) {
                attributes.put(name, value);
            }
        }
        return attributes;
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
