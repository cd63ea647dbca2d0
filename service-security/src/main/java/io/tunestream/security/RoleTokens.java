package io.tunestream.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured bearer tokens, one per role, and what a presented token is worth. Pure logic: no Quarkus, no HTTP.
 * <p>
 * A presented token is compared with every configured one, always all of them, on SHA-256 digests with
 * {@link MessageDigest#isEqual}: the time taken says neither how much of a token matched nor how long it is.
 * A blank or missing token makes its role unobtainable.
 */
public final class RoleTokens {

    private final Map<String, String> tokens;
    private final Map<String, byte[]> digests;

    /**
     * @param tokens role to configured token; roles without a token, or with a blank one, cannot be obtained
     * @throws IllegalArgumentException for a role that is not in {@link Roles#ALL}
     */
    public RoleTokens(Map<String, Optional<String>> tokens) {
        tokens.keySet().stream().filter(role -> !Roles.ALL.contains(role)).findFirst().ifPresent(role -> {
            throw new IllegalArgumentException("unknown role '" + role + "'; roles are " + Roles.ALL);
        });
        Map<String, String> usable = new LinkedHashMap<>();
        Map<String, byte[]> hashed = new LinkedHashMap<>();
        for (String role : Roles.ALL) {
            tokens.getOrDefault(role, Optional.empty()).filter(t -> !t.isBlank()).ifPresent(token -> {
                usable.put(role, token);
                hashed.put(role, sha256(token));
            });
        }
        this.tokens = Map.copyOf(usable);
        this.digests = Map.copyOf(hashed);
    }

    /** The tokens of {@link SecurityConfig}. */
    public static RoleTokens of(SecurityConfig config) {
        return new RoleTokens(Map.of(Roles.ADMIN, config.adminToken(), Roles.PUBLISHER, config.publisherToken(),
                Roles.TRAINER, config.trainerToken(), Roles.EVALUATOR, config.evaluatorToken(),
                Roles.READER, config.readerToken()));
    }

    /**
     * What a presented token is.
     *
     * @param presented the token from the request
     * @return the match: empty when no configured token equals it
     */
    public Optional<Match> match(String presented) {
        byte[] digest = sha256(presented);
        String strongest = null;
        Set<String> granted = new LinkedHashSet<>();
        for (String role : Roles.ALL) { // every role, whatever matched before: constant work per request
            byte[] expected = digests.get(role);
            boolean equal = MessageDigest.isEqual(expected == null ? new byte[digest.length] : expected, digest);
            if (equal && expected != null) {
                strongest = role;
                granted.addAll(Roles.grantedBy(role));
            }
        }
        return strongest == null ? Optional.empty() : Optional.of(new Match(strongest, Set.copyOf(granted)));
    }

    /** Whether any role can be obtained at all. */
    public boolean anyConfigured() {
        return !tokens.isEmpty();
    }

    /** Whether {@code role} itself has a token. */
    public boolean configured(String role) {
        return tokens.containsKey(role);
    }

    /**
     * A token this service can present to another one to act in {@code role}: the token of the least privileged
     * configured role that holds it ({@code reader}, else {@code publisher}, ... else {@code admin}).
     *
     * @param role the role needed
     * @return that token, or empty when no configured role holds {@code role}
     */
    public Optional<String> credentialFor(String role) {
        return Roles.ALL.stream().filter(tokens::containsKey).filter(r -> Roles.grantedBy(r).contains(role))
                .findFirst().map(tokens::get);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /**
     * A presented token that matched.
     *
     * @param role  the most privileged role whose token it is (the principal is {@code <role>-token})
     * @param roles every role it grants
     */
    public record Match(String role, Set<String> roles) {
        /** The principal name of callers with this token, e.g. {@code admin-token}. */
        public String principal() {
            return role + "-token";
        }
    }
}
