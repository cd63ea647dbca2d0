package io.tunestream.launcher.cli;

import java.util.Optional;

/**
 * The bearer token the CLI sends. Precedence: {@code --token}, then {@code $TUNESTREAM_TOKEN} (either one token for
 * every call, against any cluster), then the stack file's tokens, where each call uses the token of the role it
 * needs (reads: {@code reader}; uploads: {@code publisher}; jobs and sweeps: {@code trainer}; evaluations and
 * scoring: {@code evaluator}; promote and rollback: {@code admin}).
 */
final class ApiCredentials {

    /** The environment variable holding a token for any cluster. */
    static final String ENV = "TUNESTREAM_TOKEN";

    private final String explicit;
    private final String source;
    private final StackTokens stack;

    private ApiCredentials(String explicit, String source, StackTokens stack) {
        this.explicit = explicit;
        this.source = source;
        this.stack = stack;
    }

    /**
     * @param flag  the {@code --token} option, or null
     * @param env   {@code $TUNESTREAM_TOKEN}, or null
     * @param stack the running stack's tokens (empty when there is no stack file)
     * @return the credentials in force
     */
    static ApiCredentials resolve(String flag, String env, StackTokens stack) {
        if (flag != null && !flag.isBlank()) {
            return new ApiCredentials(flag.strip(), "--token", stack);
        }
        if (env != null && !env.isBlank()) {
            return new ApiCredentials(env.strip(), "$" + ENV, stack);
        }
        return new ApiCredentials(null, "the stack file", stack);
    }

    /** The token to send for a call needing {@code role}; empty when there is none. */
    Optional<String> token(String role) {
        return explicit != null ? Optional.of(explicit) : stack.of(role);
    }

    /** What to tell the user when a service answered 401 or 403. */
    String whenRefused(int status, String role) {
        boolean sent = token(role).isPresent();
        if (status == 401) {
            return sent ? "the token from " + source + " was refused: is it a token of this cluster?"
                    : "no API token: pass --token TOKEN or set $" + ENV + " (a stack from `tunestream up` needs neither)";
        }
        return "the token from " + source + " does not hold the role '" + role + "' this call needs";
    }
}
