package io.tunestream.launcher.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tunestream publish} of a causal-LM file, as a real process against a stand-in ingest endpoint. */
@Timeout(120)
class PublishCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldPassTaskAndPromptCompletionFieldsToIngestWhenPublishingCausalLmData() throws Exception {
        // Given: a stand-in ingest-service that records what it was sent
        AtomicReference<String> query = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        HttpServer ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingest.createContext("/datasets/", exchange -> {
            query.set(exchange.getRequestURI().getRawQuery());
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"datasetId\":\"qa\",\"version\":\"1\",\"accepted\":1,\"rejected\":{},\"labels\":{}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        ingest.start();
        Path file = Files.writeString(dir.resolve("qa.jsonl"), "{\"instruction\":\"Say hi\",\"output\":\"Hi!\"}\n");
        try {
            // When
            CliRun run = CliRun.of("publish", file.toString(), "--dataset", "qa", "--version", "1", "--task", "causal_lm",
                    "--prompt-field", "instruction", "--completion-field", "output", "--recipe", "qa-tuning@2",
                    "--ingest-url", "http://127.0.0.1:" + ingest.getAddress().getPort(), "--token", "t",
                    "--stack-file", dir.resolve("stack.json").toString());

            // Then
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("published qa@1: 1 records accepted");
            assertThat(query.get())
                    .isEqualTo("task=causal_lm&promptField=instruction&completionField=output&recipe=qa-tuning%402");
            assertThat(body.get()).contains("\"instruction\":\"Say hi\"");
        } finally {
            ingest.stop(0);
        }
    }
}
