package io.tunestream.augment.translation;

import io.tunestream.augment.domain.BackTranslationSettings;
import io.tunestream.augment.domain.AugmentConfig;
import io.tunestream.augment.domain.Augmenter;
import io.tunestream.augment.domain.StopWords;
import io.tunestream.augment.domain.TextRecord;
import io.tunestream.augment.domain.WordNetSynonyms;
import io.tunestream.augment.domain.BackTranslationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real HTTP exchange with a tiny LibreTranslate-like server on 127.0.0.1. */
@Timeout(30)
class HttpBackTranslationClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PHRASEBOOK = Map.of(
            "en>de:The meeting is tomorrow", "Das Treffen ist morgen",
            "de>en:Das Treffen ist morgen", "The meeting takes place tomorrow");

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile boolean hang;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/translate", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        requests.add(request);
        if (hang) {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String key = request.get("source").asText() + ">" + request.get("target").asText() + ":"
                + request.get("q").asText();
        String answer = status == 200
                ? JSON.createObjectNode().put("translatedText", PHRASEBOOK.getOrDefault(key, "?")).toString()
                : "{\"error\":\"translator overloaded\"}";
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private HttpBackTranslationClient client(Duration timeout) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/translate");
        return new HttpBackTranslationClient(new BackTranslationSettings(uri, timeout, "en", "de", "k3y"));
    }

    @Test
    void shouldTranslateThereAndBackWhenServiceAnswers() {
        // When
        String paraphrase = client(Duration.ofSeconds(5)).backTranslate("The meeting is tomorrow");

        // Then
        assertThat(paraphrase).isEqualTo("The meeting takes place tomorrow");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).get("q").asText()).isEqualTo("The meeting is tomorrow");
        assertThat(requests.get(0).get("format").asText()).isEqualTo("text");
        assertThat(requests.get(0).get("api_key").asText()).isEqualTo("k3y");
        assertThat(requests.get(1).get("source").asText()).isEqualTo("de");
        assertThat(requests.get(1).get("target").asText()).isEqualTo("en");
    }

    @Test
    void shouldFailWithStatusWhenServiceAnswersAnError() {
        status = 503;
        assertThatThrownBy(() -> client(Duration.ofSeconds(5)).backTranslate("The meeting is tomorrow"))
                .isInstanceOf(BackTranslationException.class)
                .hasMessageContaining("HTTP 503").hasMessageContaining("translator overloaded");
    }

    @Test
    void shouldFailWhenServiceDoesNotAnswerWithinTheTimeout() {
        hang = true;
        assertThatThrownBy(() -> client(Duration.ofMillis(300)).backTranslate("The meeting is tomorrow"))
                .isInstanceOf(BackTranslationException.class)
                .hasMessageContaining("en->de");
    }

    @Test
    void shouldAugmentByBackTranslationWhenEnabledInTheConfig() {
        // Given an augmenter with only back-translation
        var config = new AugmentConfig(0, 0, 0, 0, 1, 42, true);
        var augmenter = new Augmenter(config, new WordNetSynonyms(), StopWords.english(),
                client(Duration.ofSeconds(5)));

        // When
        List<TextRecord> copies = augmenter.augment(TextRecord.of("m1", "The meeting is tomorrow", "ham"));

        // Then
        assertThat(copies).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("The meeting takes place tomorrow");
            assertThat(c.operations()).containsExactly("augment:backtranslate");
            assertThat(c.sourceId()).isEqualTo("m1");
        });
    }
}
