package io.tunestream.clean.domain;

/** The units {@link MinHasher} builds shingles from. */
public enum ShingleMode {
    /** Overlapping character n-grams (robust to small edits and to scripts without spaces, e.g. CJK). */
    CHARACTER,
    /** Overlapping word n-grams (words separated by whitespace). */
    WORD
}
