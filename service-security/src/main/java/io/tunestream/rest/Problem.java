package io.tunestream.rest;

import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one problem document of every tunestream REST service ({@code application/problem+json}, RFC 9457): the
 * standard members {@code type}, {@code title}, {@code status}, {@code detail} and {@code instance}, plus extension
 * members at the top level ({@code reason}, {@code line}, {@code errors}...). Members without a value are left out.
 * A {@code type} of {@code about:blank} means the title is the HTTP status' phrase; a service's own kinds of problem
 * are named {@code urn:tunestream:problem:<slug>}.
 *
 * @param type       URI of the kind of problem
 * @param title      short summary of the kind of problem
 * @param status     the HTTP status
 * @param detail     what went wrong with this request, and what to do about it
 * @param instance   URI of this occurrence, or null
 * @param extensions further members, in order
 */
public record Problem(String type, String title, int status, String detail, String instance,
        Map<String, Object> extensions) {

    /** Media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The type of a problem that needs no more than its HTTP status. */
    public static final String ABOUT_BLANK = "about:blank";
    /** The prefix of tunestream's own problem types. */
    public static final String TYPE_PREFIX = "urn:tunestream:problem:";

    /** Checks the problem and keeps its extensions in order. */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A problem of type {@code about:blank}. */
    public static Problem of(int status, String title, String detail) {
        return new Problem(ABOUT_BLANK, title, status, detail, null, Map.of());
    }

    /** A problem of type {@code about:blank} titled with the status' phrase. */
    public static Problem of(Response.StatusType status, String detail) {
        return of(status.getStatusCode(), status.getReasonPhrase(), detail);
    }

    /** A problem of type {@code urn:tunestream:problem:<slug>}. */
    public static Problem typed(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, Map.of());
    }

    /** @return this problem with an extension member (a null value leaves it out) */
    public Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        if (value == null) {
            more.remove(name);
        } else {
            more.put(name, value);
        }
        return new Problem(type, title, status, detail, instance, more);
    }

    /** @return this problem with every individual error named ({@code errors}) */
    public Problem withErrors(List<String> errors) {
        return with("errors", List.copyOf(errors));
    }

    /** @return the JSON members: the standard ones, then the extensions, none without a value */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }

    /** @return an HTTP response with this problem as its {@code application/problem+json} body */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(body()).build();
    }
}
