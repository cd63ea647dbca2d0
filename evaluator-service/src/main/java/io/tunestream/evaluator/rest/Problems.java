package io.tunestream.evaluator.rest;

import io.tunestream.evaluator.service.UnknownModelException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps refusals to {@code application/problem+json} (RFC 9457). */
public final class Problems {

    static Response problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return Response.status(status).type("application/problem+json").entity(body).build();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestProblem e) {
        return problem(400, "Bad request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooMany(TooManyRequestsProblem e) {
        return problem(429, "Too many requests", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return problem(404, "Not found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e) {
        return problem(404, "Unknown model", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notMergeable(io.tunestream.evaluator.service.MergedWeights.NotMergeableException e) {
        return problem(409, "Not mergeable", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e) {
        return problem(400, "Bad request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadable(jakarta.ws.rs.BadRequestException e) {
        return problem(400, "Bad request", "the body is not valid JSON of the expected shape");
    }
}
