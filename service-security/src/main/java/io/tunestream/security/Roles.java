package io.tunestream.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The roles of tunestream's HTTP APIs, what each one holds, and where each role's token is configured.
 * {@link #ADMIN} holds every role; every role holds {@link #READER}. A token is configured per role:
 * {@code tunestream.security.<role>-token} (environment {@code TUNESTREAM_SECURITY_<ROLE>_TOKEN}).
 * <p>
 * Plain Java with no Quarkus types, so the launcher can use the same names.
 */
public final class Roles {

    /** Promote, roll back and archive model versions; holds every other role. */
    public static final String ADMIN = "admin";
    /** Upload dataset versions to ingest. */
    public static final String PUBLISHER = "publisher";
    /** Submit and cancel training jobs, start sweeps. */
    public static final String TRAINER = "trainer";
    /** Request evaluations, score texts, build merged weights. */
    public static final String EVALUATOR = "evaluator";
    /** Read models, artifacts, reports, jobs and datasets. */
    public static final String READER = "reader";

    /** Every role, from the least to the most privileged. */
    public static final List<String> ALL = List.of(READER, PUBLISHER, TRAINER, EVALUATOR, ADMIN);

    private static final String PROPERTY_PREFIX = "tunestream.security.";

    private Roles() {
    }

    /**
     * The roles a token configured for {@code role} grants: the role itself and {@link #READER}; every role for
     * {@link #ADMIN}.
     *
     * @param role one of {@link #ALL}
     * @return the granted roles, {@code role} first
     * @throws IllegalArgumentException for an unknown role
     */
    public static Set<String> grantedBy(String role) {
        requireKnown(role);
        Set<String> granted = new LinkedHashSet<>();
        granted.add(role);
        if (ADMIN.equals(role)) {
            granted.addAll(ALL);
        } else {
            granted.add(READER);
        }
        return granted;
    }

    /**
     * @param role one of {@link #ALL}
     * @return the configuration property of that role's token, e.g. {@code tunestream.security.admin-token}
     */
    public static String tokenProperty(String role) {
        requireKnown(role);
        return PROPERTY_PREFIX + role + "-token";
    }

    /**
     * @param role one of {@link #ALL}
     * @return the environment variable of that role's token, e.g. {@code TUNESTREAM_SECURITY_ADMIN_TOKEN}
     */
    public static String tokenEnv(String role) {
        return tokenProperty(role).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void requireKnown(String role) {
        if (!ALL.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "'; roles are " + ALL);
        }
    }
}
