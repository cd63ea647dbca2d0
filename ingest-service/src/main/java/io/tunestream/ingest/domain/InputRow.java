package io.tunestream.ingest.domain;

import java.util.Set;

/** One parsed input row (a JSONL line or a CSV record) before validation: named fields as strings. */
public interface InputRow {

    /** 1-based line number where the row starts. */
    long line();

    /** The field's value as a string (numbers and booleans in their JSON text), or null when absent or null. */
    String field(String name);

    /** Names of every field of the row. */
    Set<String> fieldNames();
}
