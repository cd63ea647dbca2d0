package io.tunestream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code up --log-json}: the one switch every service reads (TUNESTREAM_LOG_JSON) reaches each service's environment. */
class UpLogFormatTest {

    @Test
    void shouldTellEveryServiceToLogJsonWhenAskedTo() {
        // Given two services
        List<ServiceSpec> services = List.of(
                new ServiceSpec("clean-service", List.of("java"), Map.of("A", "1"),
                        URI.create("http://127.0.0.1:1/q/health/ready")),
                new ServiceSpec("split-service", List.of("java"), Map.of(),
                        URI.create("http://127.0.0.1:2/q/health/ready")));

        // When up runs with and without --log-json
        List<ServiceSpec> json = UpCommand.withLogFormat(services, true);
        List<ServiceSpec> plain = UpCommand.withLogFormat(services, false);

        // Then only --log-json sets the switch, keeping what each service had
        assertThat(json).allSatisfy(s -> assertThat(s.env()).containsEntry("TUNESTREAM_LOG_JSON", "true"));
        assertThat(json.get(0).env()).containsEntry("A", "1");
        assertThat(plain).allSatisfy(s -> assertThat(s.env()).doesNotContainKey("TUNESTREAM_LOG_JSON"));
    }
}
