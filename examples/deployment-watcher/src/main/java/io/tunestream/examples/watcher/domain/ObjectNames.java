package io.tunestream.examples.watcher.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Kubernetes name of a model alias' object: {@code <prefix><model>-<alias>}, lower-cased into a DNS-1123
 * subdomain. Model names may hold upper case, {@code _} and {@code .}, which are replaced by {@code -} (a dot would
 * start a new DNS label, which must begin with a letter or digit): when the plain form
 * had to change, or would end in a character a name may not end with, 8 hex digits of the SHA-256 of the exact
 * {@code model/alias} are appended, so that {@code Spam} and {@code spam} never share an object (names over 253
 * characters are cut and get the same suffix).
 *
 * @param prefix lower-case letters, digits and {@code -}, starting with a letter or digit ({@code tunestream-})
 */
public record ObjectNames(String prefix) {

    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9-]");
    private static final int MAX_LENGTH = 253;

    public ObjectNames {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("the object name prefix (tunestream.watcher.object-prefix) must be 1-63 "
                    + "of [a-z0-9-] starting with a letter or digit, got '" + prefix + "'");
        }
    }

    /** The object name of {@code alias} of {@code model}. */
    public String forAlias(String model, String alias) {
        String exact = model + "-" + alias;
        String plain = NOT_ALLOWED.matcher(exact.toLowerCase(Locale.ROOT)).replaceAll("-");
        boolean changed = !plain.equals(exact) || !Character.isLetterOrDigit(plain.charAt(plain.length() - 1));
        String hash = "-" + shortHash(model + "/" + alias);
        if (prefix.length() + plain.length() > MAX_LENGTH) {
            // Too long for a name: cut, and keep the hash so that two long names never meet.
            return prefix + plain.substring(0, MAX_LENGTH - prefix.length() - hash.length()) + hash;
        }
        return prefix + (changed ? plain + hash : plain);
    }

    private static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
