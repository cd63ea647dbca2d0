package io.tunestream.schemas;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for identifiers that become path segments or keys: job ids, model names, dataset ids and
 * versions, checkpoint ids, sweep ids and trial ids. An identifier is 1 to {@value #MAX_LENGTH} characters of
 * {@code [A-Za-z0-9._-]}, starts with a letter, digit or {@code _}, and holds no {@code ..}: so it is never
 * {@code .} or {@code ..}, never a hidden file, and holds no separator ({@code /}, {@code \}), no {@code %} (no
 * percent-encoded traversal that a later decoding step could turn into one) and no control character.
 */
public final class Identifiers {

    /** Longest identifier. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final int SHOWN = 64;

    private Identifiers() {
    }

    /** @return whether {@code value} is a valid identifier */
    public static boolean isValid(String value) {
        return reason(value).isEmpty();
    }

    /**
     * Why a value is not a valid identifier.
     *
     * @param value the candidate
     * @return the broken rule, as a phrase ("must not be '..'"); empty when the value is valid
     */
    public static Optional<String> reason(String value) {
        return reason(value, MAX_LENGTH);
    }

    /** As {@link #reason(String)}, with another length bound (path segments derived from identifiers). */
    static Optional<String> reason(String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (value.length() > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters (has " + value.length() + ")");
        }
        if (value.equals(".") || value.equals("..")) {
            return Optional.of("must not be '.' or '..'");
        }
        if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            return Optional.of("must not contain a path separator ('/' or '\\')");
        }
        if (value.indexOf('%') >= 0) {
            return Optional.of("must not contain '%' (no percent-encoding)");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("must not contain control characters");
        }
        if (value.contains("..")) {
            return Optional.of("must not contain '..'");
        }
        if (!SAFE.matcher(value).matches()) {
            return Optional.of("must be letters, digits, '.', '_' or '-', starting with a letter, digit or '_'");
        }
        return Optional.empty();
    }

    /**
     * Why a field's value is not a valid identifier, as a sentence naming the field.
     *
     * @param field the field's name in the request ("jobId")
     * @param value its value
     * @return "jobId '..' must not be '.' or '..'"; empty when valid
     */
    public static Optional<String> problem(String field, String value) {
        return reason(value).map(r -> field + " " + shown(value) + " " + r);
    }

    /**
     * @param field the field's name, for the message
     * @param value the value
     * @return the value, when valid
     * @throws InvalidIdentifierException naming the field and the rule, when not
     */
    public static String require(String field, String value) {
        return require(field, value, MAX_LENGTH);
    }

    /** As {@link #require(String, String)}, with another length bound. */
    static String require(String field, String value, int maxLength) {
        Optional<String> reason = reason(value, maxLength);
        if (reason.isPresent()) {
            throw new InvalidIdentifierException(field, field + " " + shown(value) + " " + reason.get());
        }
        return value;
    }

    /** The value quoted for a message: control characters shown as '?', long values cut. */
    static String shown(String value) {
        if (value == null) {
            return "(null)";
        }
        StringBuilder s = new StringBuilder("'");
        value.codePoints().limit(SHOWN).forEach(c -> s.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.append(value.length() > SHOWN ? "...'" : "'").toString();
    }

    /** An identifier that breaks the rule; the message names the field, the value and the rule. */
    public static final class InvalidIdentifierException extends IllegalArgumentException {

        private final String field;

        /**
         * @param field the field's name
         * @param message the whole sentence
         */
        public InvalidIdentifierException(String field, String message) {
            super(message);
            this.field = field;
        }

        /** @return the field whose value is invalid */
        public String field() {
            return field;
        }
    }
}
