package io.tunestream.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Uploads a JSON Lines file to ingest-service, streamed from disk (never held whole in memory). */
public final class DatasetUploader {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Optional<String> token;

    /** @param token the bearer token of the {@code publisher} role, if the stack checks tokens */
    public DatasetUploader(Optional<String> token) {
        this.token = token;
    }

    /** The answer of ingest-service: HTTP status and body (JSON on success, problem+json on error). */
    public record Answer(int status, String body) {
        /** Whether the upload was accepted (201). */
        public boolean accepted() {
            return status == 201;
        }
    }

    /** POSTs {@code file} as {@code application/x-ndjson} to {@code /datasets/{id}/versions/{version}}. */
    public Answer upload(URI ingestBase, String datasetId, String version, Path file, Map<String, String> query)
            throws IOException, InterruptedException {
        String params = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = ingestBase.resolve("/datasets/" + datasetId + "/versions/" + version + (params.isEmpty() ? "" : "?" + params));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofMinutes(15))
                .POST(HttpRequest.BodyPublishers.ofFile(file));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
