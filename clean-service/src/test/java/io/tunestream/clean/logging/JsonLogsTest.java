package io.tunestream.clean.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tunestream.testsupport.KafkaBrokerResource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one switch ({@code tunestream.log.json}, env TUNESTREAM_LOG_JSON) turns the service's console log into one JSON
 * object per line. The same property line is in every service's application.properties.
 */
@QuarkusTest
@TestProfile(JsonLogsTest.JsonLogs.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@Timeout(120)
class JsonLogsTest {

    /** The service started as {@code TUNESTREAM_LOG_JSON=true} starts it. */
    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tunestream.log.json", "true");
        }
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWhenJsonLogsAreSwitchedOn() throws Exception {
        // Given the service running with JSON logs
        // When it logs a line
        String line = ConsoleLogFormat.lineFor("io.tunestream.clean", "dataset mail@1 \"cleaned\"");

        // Then the line is a JSON object with the message, level and logger as fields
        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("dataset mail@1 \"cleaned\"");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("loggerName").asText()).isEqualTo("io.tunestream.clean");
        assertThat(json.has("timestamp")).isTrue();
    }
}
