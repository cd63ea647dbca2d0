package io.tunestream.trainer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bodies that are not valid JSON, or carry fields nobody knows, answer 400 problem+json. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return Problem.response(400, "Invalid training request", "unknown field: " + e.getPropertyName(),
                List.of("unknown field '" + e.getPropertyName() + "' (known: " + e.getKnownPropertyIds() + ")"));
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return Problem.response(400, "Invalid training request", "body is not a valid job request",
                List.of(e.getOriginalMessage()));
    }
}
