package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tunestream recipes}, as a real process against a stand-in trainer that answers as trainer-service does. */
@Timeout(120)
class RecipesCommandTest {

    private static final String STORED = "{\"name\":\"spam\",\"version\":2,\"modelName\":\"spam-filter\","
            + "\"method\":{\"type\":\"LORA\"},\"hyperParameters\":{\"maxSteps\":80},\"promotion\":\"CHAMPION\","
            + "\"followDatasetId\":\"mail\",\"sweep\":null}";

    @TempDir
    Path dir;

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer trainer;

    @BeforeEach
    void startTrainer() throws Exception {
        trainer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trainer.createContext("/recipes", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            boolean refused = body.contains("MAGIC");
            String answer = switch (exchange.getRequestMethod()) {
                case "POST" -> refused ? "{\"title\":\"Invalid recipe\",\"status\":400,\"detail\":\"1 problem(s)\","
                        + "\"errors\":[\"method.type must be one of [LORA, ADAPTER, PROMPT_TUNING, FULL], got: MAGIC\"]}"
                        : STORED;
                case "GET" -> exchange.getRequestURI().getPath().equals("/recipes") ? "[" + STORED + "]" : STORED;
                default -> "{\"name\":\"spam\",\"version\":3,\"deleted\":true}";
            };
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", refused ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(refused ? 400 : exchange.getRequestMethod().equals("POST") ? 201 : 200,
                    bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        trainer.start();
    }

    @AfterEach
    void stopTrainer() {
        trainer.stop(0);
    }

    @Test
    void shouldCreateListShowAndDeleteWhenTheTrainerAccepts() throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve("spam.json"), "{\"name\":\"spam\",\"method\":{\"type\":\"LORA\"}}");

        // When
        CliRun created = run("recipes", "create", file.toString());
        CliRun listed = run("recipes", "list");
        CliRun json = run("recipes", "list", "--output", "json");
        CliRun shown = run("recipes", "show", "spam@1");
        CliRun deleted = run("recipes", "delete", "spam");

        // Then
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("recipe spam version 2 created (promotion CHAMPION)");
        assertThat(listed.out()).contains("RECIPE").contains("spam").contains("spam-filter").contains("CHAMPION")
                .contains("mail");
        assertThat(json.out().strip().lines().toList()).singleElement().asString().startsWith("{\"name\":\"spam\"");
        assertThat(shown.exitCode()).isZero();
        assertThat(deleted.out()).contains("recipe spam deleted (marker version 3)");
        assertThat(calls).extracting(c -> c.substring(0, c.indexOf(' ', c.indexOf(' ') + 1)))
                .containsExactly("POST /recipes", "GET /recipes", "GET /recipes", "GET /recipes/spam/versions/1",
                        "DELETE /recipes/spam");
        assertThat(calls.get(0)).endsWith("{\"name\":\"spam\",\"method\":{\"type\":\"LORA\"}}");
    }

    @Test
    void shouldPrintEveryProblemAndExitOneWhenTheTrainerRefusesTheRecipe() throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"name\":\"bad\",\"method\":{\"type\":\"MAGIC\"}}");

        // When
        CliRun refused = run("recipes", "create", file.toString());

        // Then
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Invalid recipe").contains("got: MAGIC");
    }

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--trainer-url", "http://127.0.0.1:" + trainer.getAddress().getPort(), "--token", "t",
                "--stack-file", dir.resolve("stack.json").toString()));
        return CliRun.of(all.toArray(String[]::new));
    }
}
