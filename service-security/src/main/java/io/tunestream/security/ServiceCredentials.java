package io.tunestream.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * The bearer token a service presents when it calls another tunestream API (the evaluator downloading from the
 * registry, a registry replica asking another for a command's outcome): the least privileged configured token that
 * holds the role the call needs. Services of one deployment share the tokens (one Secret, or one per stack).
 */
@ApplicationScoped
public class ServiceCredentials {

    private final RoleTokens tokens;

    ServiceCredentials(SecurityConfig config) {
        this.tokens = RoleTokens.of(config);
    }

    /**
     * @param role the role the call needs, e.g. {@link Roles#READER}
     * @return the {@code Authorization} header value, or empty when no configured token holds {@code role}
     */
    public Optional<String> authorization(String role) {
        return tokens.credentialFor(role).map(token -> "Bearer " + token);
    }
}
