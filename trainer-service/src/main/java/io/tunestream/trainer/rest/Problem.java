package io.tunestream.trainer.rest;

import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem+json body.
 *
 * @param type problem type URI
 * @param title short summary
 * @param status HTTP status
 * @param detail explanation
 * @param errors every individual problem
 */
public record Problem(String type, String title, int status, String detail, List<String> errors) {

    /** Media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    static Response response(int status, String title, String detail, List<String> errors) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, errors)).build();
    }
}
