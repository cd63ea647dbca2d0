package io.tunestream.ingest.domain;

/** What an upload does with a record that fails validation. */
public enum RejectionPolicy {
    /** Default: the first bad record fails the whole upload; nothing is published. */
    FAIL_UPLOAD,
    /** Bad records are counted by reason and skipped; the valid ones are published. */
    SKIP_RECORD
}
