package io.tunestream.rest;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void shouldPutExtensionsBesideTheStandardMembersWhenBuilt() {
        // Given a typed problem with a line and a reason, and one extension without a value
        Problem problem = Problem.typed("empty-text", "Empty text", 422, "line 3 has no text").with("line", 3L)
                .with("reason", "EMPTY_TEXT").with("missing", null);

        // When
        var body = problem.body();

        // Then the RFC 9457 members come first, the extensions follow at the top level
        assertThat(body).containsExactly(
                entry("type", "urn:tunestream:problem:empty-text"), entry("title", "Empty text"),
                entry("status", 422), entry("detail", "line 3 has no text"),
                entry("line", 3L), entry("reason", "EMPTY_TEXT"));
    }

    @Test
    void shouldTitleWithTheStatusPhraseWhenTypeIsAboutBlank() {
        Problem problem = Problem.of(Response.Status.GATEWAY_TIMEOUT, "not applied yet").withErrors(List.of("a", "b"));

        assertThat(problem.type()).isEqualTo("about:blank");
        assertThat(problem.title()).isEqualTo("Gateway Timeout");
        assertThat(problem.body()).containsEntry("errors", List.of("a", "b")).doesNotContainKey("instance");
    }
}
