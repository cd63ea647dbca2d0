package io.tunestream.augment.translation;

import io.tunestream.augment.domain.BackTranslationClient;
import io.tunestream.augment.domain.BackTranslationSettings;
import io.tunestream.augment.domain.BackTranslationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Back-translation over HTTP with {@code java.net.http}, speaking LibreTranslate's JSON API:
 * {@code POST {"q": text, "source": "en", "target": "de", "format": "text"}} answered by
 * {@code {"translatedText": "..."}}; two requests per text (there and back). Thread-safe.
 */
public final class HttpBackTranslationClient implements BackTranslationClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BackTranslationSettings settings;
    private final HttpClient http;

    /** A client for one endpoint. */
    public HttpBackTranslationClient(BackTranslationSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public String backTranslate(String text) {
        String pivot = translate(text, settings.sourceLanguage(), settings.pivotLanguage());
        return translate(pivot, settings.pivotLanguage(), settings.sourceLanguage());
    }

    /** One translation request. */
    public String translate(String text, String from, String to) {
        HttpRequest request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(text, from, to)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BackTranslationException(where(from, to) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackTranslationException(where(from, to) + " interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new BackTranslationException(where(from, to) + " answered HTTP " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        return translatedText(response.body(), from, to);
    }

    private String body(String text, String from, String to) {
        ObjectNode node = JSON.createObjectNode().put("q", text).put("source", from).put("target", to)
                .put("format", "text");
        if (settings.apiKey() != null) {
            node.put("api_key", settings.apiKey());
        }
        return node.toString();
    }

    private String translatedText(String body, String from, String to) {
        try {
            JsonNode translated = JSON.readTree(body).path("translatedText");
            if (!translated.isTextual()) {
                throw new BackTranslationException(where(from, to) + " answered without translatedText: "
                        + abbreviate(body));
            }
            return translated.asText();
        } catch (IOException e) {
            throw new BackTranslationException(where(from, to) + " answered malformed JSON: " + abbreviate(body), e);
        }
    }

    private String where(String from, String to) {
        return "translation " + from + "->" + to + " at " + settings.endpoint();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
