package io.tunestream.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), with the input line where it applies.
 *
 * @param type   URI naming the kind of problem ({@code urn:tunestream:problem:<slug>})
 * @param title  short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param line   1-based input line, when the problem is in one line/record
 * @param reason the machine-readable reason (e.g. {@code NOT_JSON})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, Long line, String reason) {

    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(String slug, String title, int status, String detail) {
        return new Problem("urn:tunestream:problem:" + slug, title, status, detail, null, null);
    }

    Problem withLine(long line) {
        return line > 0 ? new Problem(type, title, status, detail, line, reason) : this;
    }

    Problem withReason(String reason) {
        return new Problem(type, title, status, detail, line, reason);
    }

    Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
