package io.tunestream.kafka.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.Schema;

/**
 * Registers Avro schemas through the Confluent Schema Registry API (Apicurio's {@code /apis/ccompat/v7}, or a
 * Confluent registry): the registry-wide compatibility level, then one subject per event (its full name, as the
 * serde's RecordNameStrategy names them). A schema the registry refuses raises {@link RefusedSchemaException}.
 */
public final class SchemaRegistration {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final String confluentApiUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param confluentApiUrl the Confluent-compatible API root, e.g. {@code http://host:8080/apis/ccompat/v7} */
    public SchemaRegistration(String confluentApiUrl) {
        this.confluentApiUrl = confluentApiUrl.endsWith("/") ? confluentApiUrl.substring(0, confluentApiUrl.length() - 1)
                : confluentApiUrl;
    }

    /** Sets the registry-wide compatibility level ({@code BACKWARD}: a new schema must read data written with the last). */
    public void setCompatibility(String level) {
        send("PUT", "/config", "{\"compatibility\":\"" + level + "\"}");
    }

    /** Registers every schema under its full name; returns subject to schema id. Idempotent for unchanged schemas. */
    public Map<String, Integer> registerAll(Iterable<Schema> schemas) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Schema schema : schemas) {
            ids.put(schema.getFullName(), register(schema.getFullName(), schema));
        }
        return ids;
    }

    /** Registers {@code schema} as a new version of {@code subject}; returns its id or throws if the registry refuses it. */
    public int register(String subject, Schema schema) {
        String body = "{\"schemaType\":\"AVRO\",\"schema\":" + jsonString(schema.toString()) + "}";
        String answer = send("POST", "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions", body);
        Matcher m = ID.matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("the registry answered no schema id for " + subject + ": " + answer);
        }
        return Integer.parseInt(m.group(1));
    }

    private String send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(confluentApiUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 409) {
                throw new RefusedSchemaException(path, answer.body());
            }
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + request.uri() + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return answer.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the schema registry at " + confluentApiUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the schema registry", e);
        }
    }

    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The registry refused a schema (HTTP 409): it breaks the subject's compatibility rule. */
    public static final class RefusedSchemaException extends RuntimeException {

        private final String answer;

        RefusedSchemaException(String path, String answer) {
            super("the schema registry refused " + path + ": " + answer);
            this.answer = answer;
        }

        /** The registry's own words. */
        public String answer() {
            return answer;
        }
    }
}
