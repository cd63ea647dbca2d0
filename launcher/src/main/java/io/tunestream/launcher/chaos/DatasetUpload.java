package io.tunestream.launcher.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.tunestream.security.Roles;

/**
 * Uploads the corpus file to ingest-service as a person's client would (JSON Lines, streamed). A gated upload
 * stops sending half-way and waits there, so that ingest has an upload in flight (records in an open transaction)
 * when the fault hits; {@link #cut()} then ends it as a dropped connection.
 */
final class DatasetUpload {

    /** The upload's options: what the demo sends (undersampling, thread-aware split, invalid records skipped). */
    static final Map<String, String> OPTIONS = Map.of("balance", "undersample", "seed", "42", "groupField", "group",
            "onInvalid", "skip");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final CountDownLatch halfSent = new CountDownLatch(1);
    private final CountDownLatch cut = new CountDownLatch(1);
    private final ChaosContext ctx;

    DatasetUpload(ChaosContext ctx) {
        this.ctx = ctx;
    }

    /** Uploads the whole corpus as {@code datasetId@version}; returns the HTTP status (201 accepted) and body. */
    HttpResponse<String> upload(String datasetId, String version) throws IOException, InterruptedException {
        return http.send(request(datasetId, version, HttpRequest.BodyPublishers.ofFile(ctx.corpus())),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Starts an upload that sends the first half of the corpus and then waits for {@link #cut()}. */
    CompletableFuture<HttpResponse<String>> startGated(String datasetId, String version) throws IOException {
        byte[] all = Files.readAllBytes(ctx.corpus());
        int half = all.length / 2;
        HttpRequest request = request(datasetId, version, HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            private int next;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (next >= half) {
                    halfSent.countDown();
                    awaitCut();
                    throw new IOException("upload cut by the chaos drill");
                }
                int n = Math.min(len, half - next);
                System.arraycopy(all, next, b, off, n);
                next += n;
                return n;
            }
        }));
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the gated upload has sent its first half. */
    boolean awaitHalfSent(Duration timeout) throws InterruptedException {
        return halfSent.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the gated upload: its client stops sending and drops the request. */
    void cut() {
        cut.countDown();
    }

    private void awaitCut() throws IOException {
        try {
            if (!cut.await(10, TimeUnit.MINUTES)) {
                throw new IOException("upload gate never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted at the upload gate", e);
        }
    }

    private HttpRequest request(String datasetId, String version, HttpRequest.BodyPublisher body) {
        String params = OPTIONS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = ctx.ingest().resolve("/datasets/" + datasetId + "/versions/" + version + "?" + params);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofMinutes(5)).POST(body);
        ctx.tokens().of(Roles.PUBLISHER).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request.build();
    }
}
