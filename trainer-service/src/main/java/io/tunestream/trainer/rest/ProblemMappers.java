package io.tunestream.trainer.rest;

import io.tunestream.rest.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bodies that are not valid JSON, or carry fields nobody knows, answer 400 problem+json. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return Problem.of(400, "Invalid training request", "unknown field: " + e.getPropertyName()).withErrors(List.of("unknown field '" + e.getPropertyName() + "' (known: " + e.getKnownPropertyIds() + ")")).toResponse();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return Problem.of(400, "Invalid training request", "body is not a valid job request").withErrors(List.of(e.getOriginalMessage())).toResponse();
    }
}
