package io.tunestream.registry.rest;

import io.tunestream.rest.Problem;
import io.tunestream.registry.domain.RegistryRejection;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns the registry's failures into problem documents with the right status. 401 and 403 are answered by
 * service-security's mappers.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response rejected(RegistryRejection e) {
        Response.Status status = switch (e.kind()) {
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case CONFLICT -> Response.Status.CONFLICT;
            case INVALID -> Response.Status.BAD_REQUEST;
            case FORBIDDEN -> Response.Status.FORBIDDEN;
        };
        return Problem.of(status, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response notReady(InvalidStateStoreException e) {
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "the registry state is being restored from the log; retry shortly (" + e.getMessage() + ")").toResponse())
                .header(HttpHeaders.RETRY_AFTER, "2").build();
    }
}
