package io.tunestream.evaluator.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.tunestream.evaluator.service.MergedWeights;
import io.tunestream.rest.Problem;
import io.tunestream.evaluator.service.UnknownModelException;
import io.tunestream.evaluator.service.WrongTaskException;
import io.tunestream.model.export.MergedModelExport;
import io.tunestream.model.export.PeftAdapterExport;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps refusals to the shared {@link Problem} ({@code application/problem+json}, RFC 9457). */
public final class Problems {

    static Response problem(int status, String title, String detail) {
        return Problem.of(status, title, detail).toResponse();
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
    public Response notMergeable(MergedWeights.NotMergeableException e) {
        return problem(409, "Not mergeable", e.getMessage());
    }

    @ServerExceptionMapper
    public Response wrongTask(WrongTaskException e) {
        return problem(409, "Wrong task", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notMergeableModel(MergedModelExport.NotMergeableException e) {
        return problem(409, "Not mergeable", e.getMessage());
    }

    @ServerExceptionMapper
    public Response noAdapter(PeftAdapterExport.NotExportableException e) {
        return problem(409, "No adapter", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e) {
        return problem(400, "Bad request", e.getMessage());
    }

    /** A JSON value of the wrong type: the problem names the field ({@code maxNewTokens}, {@code prompts[2]}). */
    @ServerExceptionMapper
    public Response mistyped(MismatchedInputException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                field.append('[').append(r.getIndex()).append(']');
            }
        }
        return problem(400, "Bad request", field.length() == 0 ? "the body is not valid JSON of the expected shape"
                : field + " has the wrong type" + (e.getTargetType() == null ? ""
                        : " (" + e.getTargetType().getSimpleName() + " expected)"));
    }

    @ServerExceptionMapper
    public Response unreadable(BadRequestException e) {
        return problem(400, "Bad request", "the body is not valid JSON of the expected shape");
    }
}
