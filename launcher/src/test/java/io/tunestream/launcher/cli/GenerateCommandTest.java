package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tunestream generate} and {@code tunestream models export} run as real processes against a stand-in
 * evaluator (a JDK HTTP server answering like evaluator-service's {@code /api/generate} and {@code /exports}).
 */
@Timeout(120)
class GenerateCommandTest {

    @TempDir
    Path dir;
    HttpServer evaluator;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    byte[] zip;
    String zipSha;

    @BeforeEach
    void standInEvaluator() throws Exception {
        zip = zip("config.json", "{\"model_type\": \"llama\"}", "model.safetensors", "weights");
        zipSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        evaluator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        evaluator.createContext("/api/generate", this::generate);
        evaluator.createContext("/api/models/", this::export);
        evaluator.start();
    }

    @AfterEach
    void stop() {
        evaluator.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + evaluator.getAddress().getPort();
    }

    private String[] args(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--evaluator-url", url(), "--stack-file", dir.resolve("stack.json").toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void shouldPrintHelpForGenerateAndModelsExport() {
        CliRun generate = CliRun.of("generate", "--help");
        CliRun export = CliRun.of("models", "export", "--help");

        assertThat(generate.exitCode()).as(generate.toString()).isZero();
        assertThat(generate.out()).contains("Usage: tunestream generate", "--max-new-tokens", "--temperature",
                "--top-k", "--top-p", "--seed", "\"prompt\"");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.out()).contains("Usage: tunestream models export", "--format", "merged|peft", "--out");
    }

    @Test
    void shouldGenerateOneLinePerPromptInBatchesFromStandardInput() {
        // Given three prompts, one of them a JSON line, and a blank line
        String stdin = "reverse abc\n\n{\"prompt\": \"the a\", \"id\": 7}\nzyx\n";

        // When
        CliRun run = CliRun.in(dir, stdin, args("generate", "--model", "poet@champion", "--max-new-tokens", "5",
                "--temperature", "0.7", "--top-k", "4", "--top-p", "0.9", "--seed", "3", "--batch-size", "2", "-"));

        // Then: two requests carrying the settings, one completion per line, line breaks escaped
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).containsExactly("<reverse abc>\\nend", "<the a>\\nend", "<zyx>\\nend");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path("prompts").toString()).isEqualTo("[\"reverse abc\",\"the a\"]");
        assertThat(requests.get(1).path("prompts").toString()).isEqualTo("[\"zyx\"]");
        JsonNode first = requests.get(0);
        assertThat(first.path("model").asText()).isEqualTo("poet");
        assertThat(first.path("aliasOrVersion").asText()).isEqualTo("champion");
        assertThat(first.path("maxNewTokens").asInt()).isEqualTo(5);
        assertThat(first.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(first.path("topK").asInt()).isEqualTo(4);
        assertThat(first.path("topP").asDouble()).isEqualTo(0.9);
        assertThat(first.path("seed").asLong()).isEqualTo(3);
    }

    @Test
    void shouldWriteJsonLinesFromAFileAndLeaveUnsetSettingsToTheService() throws Exception {
        Files.writeString(dir.resolve("prompts.txt"), "hello there\n");

        CliRun run = CliRun.in(dir, null, args("generate", "prompts.txt", "--model", "poet@2", "-o", "json"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode line = ServiceClient.JSON.readTree(run.out().strip());
        assertThat(line.path("prompt").asText()).isEqualTo("hello there");
        assertThat(line.path("text").asText()).isEqualTo("<hello there>\nend");
        assertThat(line.path("version").asInt()).isEqualTo(2);
        assertThat(requests.get(0).has("maxNewTokens")).isFalse();
        assertThat(requests.get(0).has("temperature")).isFalse();
    }

    @Test
    void shouldFailWithTheLineWhenAJsonLineHasNoPrompt() {
        CliRun run = CliRun.in(dir, "ok\n{\"text\": \"no prompt\"}\n", args("generate", "--model", "poet@champion"));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("standard input line 2", "\"prompt\"");
        assertThat(requests).isEmpty();
    }

    @Test
    void shouldFailClearlyOnEmptyInputAndOnTheServicesRefusal() {
        CliRun empty = CliRun.in(dir, "\n\n", args("generate", "--model", "poet@champion"));
        CliRun refused = CliRun.in(dir, "REFUSE\n", args("generate", "--model", "poet@champion"));

        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("holds no prompt");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Bad request", "maxNewTokens must be in 1..512");
    }

    @Test
    void shouldUnpackTheExportIntoTheDirectory() throws Exception {
        CliRun run = CliRun.in(dir, null, args("models", "export", "poet@champion", "--format", "merged", "--out",
                "poet-hf"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(dir.resolve("poet-hf/config.json")).hasContent("{\"model_type\": \"llama\"}");
        assertThat(dir.resolve("poet-hf/model.safetensors")).hasContent("weights");
        assertThat(run.out()).contains(dir.resolve("poet-hf/config.json").toString());
    }

    @Test
    void shouldRefuseACorruptDownloadAndAnExistingDirectory() throws Exception {
        zipSha = "0".repeat(64);
        CliRun corrupt = CliRun.in(dir, null, args("models", "export", "poet@1", "--format", "peft", "--out", "a"));
        Files.writeString(Files.createDirectories(dir.resolve("b")).resolve("x"), "taken");
        CliRun taken = CliRun.in(dir, null, args("models", "export", "poet@1", "--format", "peft", "--out", "b"));
        CliRun badFormat = CliRun.in(dir, null, args("models", "export", "poet@1", "--format", "onnx", "--out", "c"));

        assertThat(corrupt.exitCode()).isEqualTo(1);
        assertThat(corrupt.err()).contains("SHA-256");
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(taken.exitCode()).isEqualTo(2);
        assertThat(taken.err()).contains("not an empty directory");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("onnx");
    }

    private void generate(HttpExchange exchange) throws IOException {
        JsonNode body = ServiceClient.JSON.readTree(exchange.getRequestBody());
        if (body.path("prompts").path(0).asText().equals("REFUSE")) {
            respond(exchange, 400, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"Bad request\","
                    + "\"status\":400,\"detail\":\"maxNewTokens must be in 1..512, got 0\"}");
            return;
        }
        requests.add(body);
        ObjectNode answer = ServiceClient.JSON.createObjectNode();
        answer.put("model", body.path("model").asText());
        answer.put("version", body.path("aliasOrVersion").asText().equals("2") ? 2 : 1);
        ArrayNode generations = answer.putArray("generations");
        body.path("prompts").forEach(p -> generations.addObject().put("prompt", p.asText())
                .put("text", "<" + p.asText() + ">\nend").put("tokens", 2).put("stoppedAtEos", true));
        respond(exchange, 200, "application/json", answer.toString());
    }

    private void export(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().matches("/api/models/poet/versions/[^/]+/exports/(merged|peft)")) {
            respond(exchange, 404, "application/problem+json", "{\"title\":\"Not found\",\"detail\":\"no\"}");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/zip");
        exchange.getResponseHeaders().add("X-Checksum-SHA256", zipSha);
        exchange.sendResponseHeaders(200, zip.length);
        exchange.getResponseBody().write(zip);
        exchange.close();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndContents[i]));
                out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
