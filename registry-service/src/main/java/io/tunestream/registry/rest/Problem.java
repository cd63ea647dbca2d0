package io.tunestream.registry.rest;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document.
 *
 * @param title  short summary
 * @param status HTTP status
 * @param detail what happened and what to do
 */
public record Problem(String title, int status, String detail) {

    /** Media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A response carrying this problem. */
    public static Response response(Response.Status status, String detail) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem(status.getReasonPhrase(), status.getStatusCode(), detail)).build();
    }
}
