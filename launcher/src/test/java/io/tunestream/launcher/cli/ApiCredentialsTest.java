package io.tunestream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.tunestream.security.Roles;
import org.junit.jupiter.api.Test;

class ApiCredentialsTest {

    private static final StackTokens STACK = new StackTokens(Map.of(Roles.READER, "r", Roles.PUBLISHER, "p",
            Roles.TRAINER, "t", Roles.EVALUATOR, "e", Roles.ADMIN, "a"));

    @Test
    void shouldSendTheFlagBeforeTheEnvironmentBeforeTheStackFile() {
        assertThat(ApiCredentials.resolve("flag", "env", STACK).token(Roles.ADMIN)).contains("flag");
        assertThat(ApiCredentials.resolve(null, "env", STACK).token(Roles.ADMIN)).contains("env");
        assertThat(ApiCredentials.resolve(" ", "env", STACK).token(Roles.READER)).contains("env");
        assertThat(ApiCredentials.resolve(null, "", STACK).token(Roles.ADMIN)).contains("a");
    }

    @Test
    void shouldUseTheStackTokenOfTheRoleEachCallNeedsWhenNoTokenIsGiven() {
        // Given
        ApiCredentials credentials = ApiCredentials.resolve(null, null, STACK);

        // Then: the role a call needs comes from its service and method
        assertThat(credentials.token(Service.INGEST.roleFor("POST"))).contains("p");
        assertThat(credentials.token(Service.TRAINER.roleFor("DELETE"))).contains("t");
        assertThat(credentials.token(Service.EVALUATOR.roleFor("POST"))).contains("e");
        assertThat(credentials.token(Service.REGISTRY.roleFor("POST"))).contains("a");
        assertThat(credentials.token(Service.REGISTRY.roleFor("GET"))).contains("r");
    }

    @Test
    void shouldSendNothingAndSayHowToAuthenticateWhenThereIsNoToken() {
        // Given
        ApiCredentials none = ApiCredentials.resolve(null, null, new StackTokens(Map.of()));

        // Then
        assertThat(none.token(Roles.READER)).isEmpty();
        assertThat(none.whenRefused(401, Roles.READER)).contains("--token TOKEN", "$TUNESTREAM_TOKEN");
        assertThat(ApiCredentials.resolve(null, "x", STACK).whenRefused(401, Roles.ADMIN))
                .contains("$TUNESTREAM_TOKEN was refused");
        assertThat(ApiCredentials.resolve("x", null, STACK).whenRefused(403, Roles.TRAINER))
                .contains("--token does not hold the role 'trainer'");
    }
}
