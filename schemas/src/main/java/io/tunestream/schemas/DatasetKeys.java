package io.tunestream.schemas;

/**
 * Record keys of dataset events. Every event of one dataset version carries the same key, so the whole
 * version lands in one partition, in order, with its seal last.
 */
public final class DatasetKeys {

    private static final char SEPARATOR = '@';

    private DatasetKeys() {
    }

    /** The key of a dataset version: {@code datasetId@version}. */
    public static String of(String datasetId, String version) {
        requireToken("datasetId", datasetId);
        requireToken("version", version);
        return datasetId + SEPARATOR + version;
    }

    /** Dataset id part of a key. */
    public static String datasetId(String key) {
        return key.substring(0, separatorIndex(key));
    }

    /** Version part of a key. */
    public static String version(String key) {
        return key.substring(separatorIndex(key) + 1);
    }

    /** Whether a string is a valid dataset id or version: an {@link Identifiers identifier}. */
    public static boolean isValidToken(String token) {
        return Identifiers.isValid(token);
    }

    private static void requireToken(String what, String token) {
        Identifiers.require(what, token);
    }

    private static int separatorIndex(String key) {
        int i = key.lastIndexOf(SEPARATOR);
        if (i <= 0) {
            throw new IllegalArgumentException("not a dataset key (datasetId@version): " + key);
        }
        return i;
    }
}
