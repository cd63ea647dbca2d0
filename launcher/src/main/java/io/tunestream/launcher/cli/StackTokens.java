package io.tunestream.launcher.cli;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.tunestream.security.Roles;

/**
 * The API tokens of one embedded stack, one per role ({@link Roles}), generated when the stack starts: 32 random
 * bytes from {@link SecureRandom}, URL-safe Base64. The services get them as {@code TUNESTREAM_SECURITY_<ROLE>_TOKEN};
 * the stack file keeps them (owner-readable only) for the CLI.
 *
 * @param byRole role to token
 */
public record StackTokens(Map<String, String> byRole) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public StackTokens {
        byRole = Map.copyOf(byRole);
    }

    /** Fresh random tokens for every role. */
    public static StackTokens generate() {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : Roles.ALL) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            tokens.put(role, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
        return new StackTokens(tokens);
    }

    /** The token of {@code role}, if the stack has one. */
    public Optional<String> of(String role) {
        return Optional.ofNullable(byRole.get(role)).filter(t -> !t.isBlank());
    }

    /** The environment that hands these tokens to a service JVM ({@code TUNESTREAM_SECURITY_ADMIN_TOKEN}, ...). */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        byRole.forEach((role, token) -> env.put(Roles.tokenEnv(role), token));
        return env;
    }

    @Override
    public String toString() {
        return "StackTokens" + byRole.keySet(); // never the secrets, e.g. in an exception message
    }
}
