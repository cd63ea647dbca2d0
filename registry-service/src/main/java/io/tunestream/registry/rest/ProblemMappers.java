package io.tunestream.registry.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.tunestream.registry.config.RegistryConfig;
import io.tunestream.registry.domain.RegistryRejection;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the registry's failures into problem documents with the right status. */
public class ProblemMappers {

    private final RegistryConfig config;

    ProblemMappers(RegistryConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response rejected(RegistryRejection e) {
        Response.Status status = switch (e.kind()) {
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case CONFLICT -> Response.Status.CONFLICT;
            case INVALID -> Response.Status.BAD_REQUEST;
            case FORBIDDEN -> Response.Status.FORBIDDEN;
        };
        return Problem.response(status, e.getMessage());
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        String detail = config.adminToken().filter(t -> !t.isBlank()).isPresent()
                ? "changing calls need 'Authorization: Bearer <admin token>'"
                : "changing calls are disabled: no admin token is configured (set tunestream.registry.admin-token,"
                + " e.g. TUNESTREAM_REGISTRY_ADMIN_TOKEN)";
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED, detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tunestream-registry\"").build();
    }

    @ServerExceptionMapper
    public Response notReady(InvalidStateStoreException e) {
        return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                "the registry state is being restored from the log; retry shortly (" + e.getMessage() + ")"))
                .header(HttpHeaders.RETRY_AFTER, "2").build();
    }
}
