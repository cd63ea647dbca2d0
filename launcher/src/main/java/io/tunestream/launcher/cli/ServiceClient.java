package io.tunestream.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.security.Roles;

/**
 * A small JSON-over-HTTP/1.1 client of one tunestream service. Every request carries {@code Authorization: Bearer}
 * with the token of the role it needs ({@link ApiCredentials}, {@link Service#roleFor}). Refusals become
 * {@link CliException}s carrying the service's problem+json ({@code <title>: <detail>}), with what to do about a
 * 401 or 403; a refused connection says the service cannot be reached.
 */
final class ServiceClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Service service;
    private final URI base;
    private final ApiCredentials credentials;

    ServiceClient(Service service, URI base, ApiCredentials credentials) {
        this.service = service;
        this.base = base;
        this.credentials = credentials;
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
        return service.module();
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
    Answer postJson(String path, Object body) throws InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))).build());
    }

    /**
     * GETs a file that needs {@code role} (an export built by the evaluator needs its role, not a reader's) into
     * {@code target}, and checks it against the answer's {@code X-Checksum-SHA256} when there is one.
     *
     * @throws CliException for a refusal (its problem+json) or a checksum mismatch; the file is then deleted
     */
    void download(String path, String role, Path target) throws InterruptedException, IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(30)).GET();
        credentials.token(role).ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<Path> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofFile(target));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable();
        }
        if (response.statusCode() != 200) {
            String body = Files.readString(target);
            Files.deleteIfExists(target);
            Answer answer = new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), body);
            throw answer.status() == 401 || answer.status() == 403 ? refused(answer, role) : failure(answer);
        }
        String expected = response.headers().firstValue("X-Checksum-SHA256").orElse(null);
        if (expected != null && !expected.equals(sha256(target))) {
            Files.deleteIfExists(target);
            throw new CliException("the download of " + path + " fails its SHA-256 check");
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One Server-Sent Event: its name ({@code event:}) and its data lines joined by newlines. */
    record ServerSentEvent(String name, String data) {
    }

    /**
     * GETs {@code path} as a stream of Server-Sent Events (reader role), handing each to {@code onEvent} as it
     * arrives, until the service ends the stream or {@code onEvent} answers false.
     *
     * @param timeout how long the whole stream may take (zero: no limit)
     * @param notFound the error message of a 404
     * @return false when the time ran out first
     * @throws CliException for a refusal (its problem+json) or a service that cannot be reached
     */
    boolean events(String path, Duration timeout, String notFound, Predicate<ServerSentEvent> onEvent)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET();
        credentials.token(Roles.READER).ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable();
        } catch (IOException e) {
            throw e.getCause() instanceof ConnectException ? unreachable()
                    : new CliException(service.module() + " at " + base + ": " + e.getMessage());
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                Answer answer = new Answer(response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""),
                        new String(body.readAllBytes(), StandardCharsets.UTF_8));
                if (answer.status() == 404) {
                    throw new CliException(notFound);
                }
                throw answer.status() == 401 || answer.status() == 403 ? refused(answer, Roles.READER) : failure(answer);
            }
            return ServerSentEvents.read(body, timeout, onEvent);
        } catch (IOException e) {
            throw new CliException(service.module() + " at " + base + " broke off the stream: " + e.getMessage());
        }
    }

    /** Sends a request with the token of the role it needs; connection failures become "cannot reach". */
    Answer send(HttpRequest request) throws InterruptedException {
        String role = service.roleFor(request.method());
        HttpRequest authorised = credentials.token(role)
                .map(token -> HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
                        .header("Authorization", "Bearer " + token).build())
                .orElse(request);
        try {
            HttpResponse<String> response = HTTP.send(authorised,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Answer answer = new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
            if (answer.status() == 401 || answer.status() == 403) {
                throw refused(answer, role);
            }
            return answer;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable();
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw unreachable();
            }
            throw new CliException(service.module() + " at " + base + ": " + e.getMessage());
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
        return service.module() + " answered HTTP " + answer.status() + body;
    }

    /** A 401 or 403: the service's problem, and what the user can do about it. */
    private CliException refused(Answer answer, String role) {
        String what = answer.status() == 401 ? "unauthorized (401)" : "forbidden (403)";
        return new CliException(what + " by " + service.module() + ": " + credentials.whenRefused(answer.status(), role)
                + " [" + problem(answer) + "]");
    }

    private CliException unreachable() {
        return new CliException("cannot reach " + service.module() + " at " + base + ": is the stack running?");
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
