package io.tunestream.registry.domain;

import io.tunestream.schemas.Identifiers;
import java.util.regex.Pattern;

/**
 * Rules for model names and aliases. Both become path segments in the artifact store and keys
 * ({@code name/version}) on the models topic, so they hold no slash, no dot-dot and no control characters.
 */
public final class ModelNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    /** The alias whose holder serves production traffic. */
    public static final String CHAMPION = "champion";

    private ModelNames() {
    }

    /** Whether a model name is acceptable: an {@link Identifiers identifier} starting with a letter or digit. */
    public static boolean isValidName(String name) {
        return Identifiers.isValid(name) && NAME.matcher(name).matches();
    }

    /** Whether an alias is acceptable (lower-case letters, digits, '_', '-'). */
    public static boolean isValidAlias(String alias) {
        return alias != null && ALIAS.matcher(alias).matches();
    }

    /** Throws {@link RegistryRejection} (INVALID) unless the name is valid. */
    public static String requireName(String name) {
        if (!isValidName(name)) {
            throw new RegistryRejection(RegistryRejection.Kind.INVALID,
                    "invalid model name '" + name + "': use 1-128 of [A-Za-z0-9._-], starting with a letter or digit");
        }
        return name;
    }

    /** Throws {@link RegistryRejection} (INVALID) unless the alias is valid. */
    public static String requireAlias(String alias) {
        if (!isValidAlias(alias)) {
            throw new RegistryRejection(RegistryRejection.Kind.INVALID,
                    "invalid alias '" + alias + "': use 1-64 of [a-z0-9_-], starting with a letter");
        }
        return alias;
    }

    /** Key of a version on the models topic and in the stores: {@code name/version}. */
    public static String versionKey(String name, int version) {
        return name + "/" + version;
    }

    /** Prefix shared by every version key of a model. */
    public static String versionPrefix(String name) {
        return name + "/";
    }
}
