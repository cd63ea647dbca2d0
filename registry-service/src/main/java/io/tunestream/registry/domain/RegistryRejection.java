package io.tunestream.registry.domain;

/**
 * A change the registry refuses, with a reason a caller can act on. {@link Kind} maps to an HTTP status at the
 * edge (NOT_FOUND 404, CONFLICT 409, INVALID 400, FORBIDDEN 403).
 */
public class RegistryRejection extends RuntimeException {

    /** Why a change was refused. */
    public enum Kind {
        /** The model, version or alias does not exist. */
        NOT_FOUND,
        /** The change contradicts the current state (archived version, alias already there, no history). */
        CONFLICT,
        /** The request itself is malformed (bad name, missing version). */
        INVALID,
        /** The change is allowed only when forced (an unblessed champion). */
        FORBIDDEN
    }

    private final Kind kind;

    public RegistryRejection(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Why it was refused. */
    public Kind kind() {
        return kind;
    }
}
