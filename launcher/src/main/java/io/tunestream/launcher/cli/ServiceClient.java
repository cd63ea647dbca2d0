package io.tunestream.launcher.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small JSON-over-HTTP/1.1 client of one tunestream service. Refusals become {@link CliException}s carrying the
 * service's problem+json ({@code <title>: <detail>}); a refused connection says the service cannot be reached.
 */
final class ServiceClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String service;
    private final URI base;

    ServiceClient(String service, URI base) {
        this.service = service;
        this.base = base;
    }

    /** An answer: status, content type and body text. */
    record Answer(int status, String contentType, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body.isEmpty() ? "null" : body);
            } catch (JsonProcessingException e) {
                throw new CliException("unexpected answer (not JSON): " + abbreviate(body));
            }
        }
    }

    /** The service's name, e.g. {@code registry-service}. */
    String service() {
        return service;
    }

    /** A request builder for {@code path} (relative to the base URL). */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2)).header("Accept", "application/json");
    }

    /** GET {@code path}; any answer is returned. */
    Answer get(String path) throws InterruptedException {
        return send(request(path).GET().build());
    }

    /** DELETE {@code path}; any answer is returned. */
    Answer delete(String path) throws InterruptedException {
        return send(request(path).DELETE().build());
    }

    /** POST {@code body} as JSON; any answer is returned. */
    Answer postJson(String path, Object body, String bearerToken) throws InterruptedException {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body)));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(request.build());
    }

    /** Sends a request; connection failures become "cannot reach". */
    Answer send(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable();
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw unreachable();
            }
            throw new CliException(service + " at " + base + ": " + e.getMessage());
        }
    }

    /** The answer's JSON when it succeeded; otherwise the failure it describes. */
    JsonNode expectOk(Answer answer) {
        if (!answer.ok()) {
            throw failure(answer);
        }
        return answer.json();
    }

    /** The failure an unsuccessful answer describes: its problem+json title and detail, or the HTTP status. */
    CliException failure(Answer answer) {
        return new CliException(problem(answer));
    }

    /** {@code <title>: <detail> (<errors>)} of a problem+json answer, or the status and body of any other. */
    String problem(Answer answer) {
        JsonNode json = null;
        try {
            json = answer.body().isBlank() ? null : JSON.readTree(answer.body());
        } catch (JsonProcessingException e) {
            // not JSON: fall back to the status below
        }
        if (json != null && json.hasNonNull("title")) {
            StringBuilder message = new StringBuilder(json.get("title").asText());
            if (json.hasNonNull("detail")) {
                message.append(": ").append(json.get("detail").asText());
            }
            if (json.has("errors") && json.get("errors").isArray() && !json.get("errors").isEmpty()) {
                message.append(" (");
                json.get("errors").forEach(e -> message.append(e.asText()).append("; "));
                message.setLength(message.length() - 2);
                message.append(')');
            }
            if (json.hasNonNull("line")) {
                message.append(" [line ").append(json.get("line").asText()).append(']');
            }
            return message.toString();
        }
        String body = answer.body().isBlank() ? "" : ": " + abbreviate(answer.body());
        return service + " answered HTTP " + answer.status() + body;
    }

    private CliException unreachable() {
        return new CliException("cannot reach " + service + " at " + base + ": is the stack running?");
    }

    private URI uri(String path) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        return URI.create(root + path);
    }

    static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
