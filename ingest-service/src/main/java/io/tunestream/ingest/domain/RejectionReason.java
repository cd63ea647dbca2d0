package io.tunestream.ingest.domain;

import java.util.Locale;

/**
 * Why input was refused. Record-level reasons can be counted and skipped under
 * {@link RejectionPolicy#SKIP_RECORD}; upload-level ones always fail the whole upload.
 */
public enum RejectionReason {
    /** The body holds no record at all. */
    EMPTY_BODY("Empty upload", false),
    /** The body is not valid UTF-8. */
    INVALID_UTF8("Invalid UTF-8", false),
    /** A JSONL line is not a JSON object. */
    NOT_JSON("Line is not a JSON object", true),
    /** A CSV row cannot be read (bad quoting, wrong number of columns). */
    BAD_CSV("Malformed CSV row", true),
    /** The text field is missing, null or blank. */
    EMPTY_TEXT("Missing or empty text", true),
    /** A causal-LM record has a prompt but no completion. */
    MISSING_COMPLETION("Prompt without completion", true),
    /** A causal-LM record has a completion but no prompt. */
    MISSING_PROMPT("Completion without prompt", true),
    /** A causal-LM record has both a text and a prompt/completion pair: which one to train on is unclear. */
    AMBIGUOUS_RECORD("Both text and prompt/completion", true),
    /** The label field is missing or blank (classification datasets). */
    MISSING_LABEL("Missing label", true),
    /** The score field is missing or not a finite number (regression datasets). */
    BAD_SCORE("Missing or invalid score", true),
    /** The text is longer than the configured limit (UTF-8 bytes). */
    TEXT_TOO_LONG("Text too long", true),
    /** Every record was rejected (under {@link RejectionPolicy#SKIP_RECORD}): there is nothing to publish. */
    NO_VALID_RECORDS("No valid records", false),
    /** The dataset has more records than the configured limit. */
    TOO_MANY_RECORDS("Too many records", false),
    /** The body is larger than the configured limit. */
    UPLOAD_TOO_LARGE("Upload too large", false),
    /** A seal on the ingest topic declares a task other than classification, regression or causal_lm. */
    UNKNOWN_TASK("Unknown task", false),
    /** The value on the ingest topic is not a readable dataset event. */
    UNDECODABLE_EVENT("Undecodable event", true),
    /** The event on the ingest topic has an id or version that is not a valid dataset token. */
    BAD_DATASET_KEY("Invalid dataset id or version", true),
    /** A per-dataset setting ({@code config.<key>}) is over its documented bound ({@code DatasetSettingBounds}). */
    SETTING_OUT_OF_BOUNDS("Setting out of bounds", false);

    private final String title;
    private final boolean perRecord;

    RejectionReason(String title, boolean perRecord) {
        this.title = title;
        this.perRecord = perRecord;
    }

    /** A short human title (the problem+json {@code title}). */
    public String title() {
        return title;
    }

    /** Whether this concerns one record (and may be skipped) rather than the whole upload. */
    public boolean perRecord() {
        return perRecord;
    }

    /** Lower-case, dash-separated slug, e.g. {@code not-json}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
