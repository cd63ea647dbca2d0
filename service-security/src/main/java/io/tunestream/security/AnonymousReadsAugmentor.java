package io.tunestream.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * With {@code tunestream.security.anonymous-reads=true}, gives callers without a token the {@link Roles#READER}
 * role. They stay anonymous, so a call needing any other role still answers 401 (not 403).
 */
@ApplicationScoped
public class AnonymousReadsAugmentor implements SecurityIdentityAugmentor {

    private final boolean anonymousReads;

    AnonymousReadsAugmentor(SecurityConfig config) {
        this.anonymousReads = config.anonymousReads();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!anonymousReads || !identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(Roles.READER).build());
    }
}
