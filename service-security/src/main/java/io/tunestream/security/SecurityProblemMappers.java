package io.tunestream.security;

import io.tunestream.rest.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Answers refused calls with {@code application/problem+json}, like the services' other errors: 401 with a
 * {@code WWW-Authenticate: Bearer} challenge without a token or with an unknown one, 403 when the token is valid
 * but lacks the role. The detail names the role the call needs.
 */
public class SecurityProblemMappers {

    private final RoleTokens tokens;

    SecurityProblemMappers(SecurityConfig config) {
        this.tokens = RoleTokens.of(config);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, ResourceInfo resource) {
        String detail = unauthorizedDetail(requiredRoles(resource), e instanceof AuthenticationFailedException, tokens);
        return Response.fromResponse(problem(Response.Status.UNAUTHORIZED, "unauthorized", detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, BearerTokenMechanism.CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        List<String> needed = requiredRoles(resource);
        return problem(Response.Status.FORBIDDEN, "forbidden", "the bearer token is valid but its role may not make this"
                + " call" + (needed.isEmpty() ? "" : ": it needs the role " + String.join(" or ", needed)));
    }

    /** What a 401 says: which role is needed, and why no identity holding it was found. */
    static String unauthorizedDetail(List<String> needed, boolean tokenRefused, RoleTokens tokens) {
        String role = needed.isEmpty() ? "a role" : "the role " + String.join(" or ", needed);
        if (!tokens.anyConfigured()) {
            return "this call needs " + role + ", and this service has no API token configured"
                    + " (tunestream.security.<role>-token), so it is refused to every caller";
        }
        String why = tokenRefused ? "the bearer token is not one this service knows"
                : "no bearer token was sent";
        return why + ": this call needs 'Authorization: Bearer <token>' with " + role;
    }

    private static List<String> requiredRoles(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return List.of();
        }
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? List.of() : Arrays.asList(allowed.value());
    }

    private static Response problem(Response.Status status, String slug, String detail) {
        return Problem.typed(slug, status.getReasonPhrase(), status.getStatusCode(), detail).toResponse();
    }
}
