package io.tunestream.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleTokensTest {

    private static final RoleTokens TOKENS = new RoleTokens(Map.of(
            Roles.ADMIN, Optional.of("a-secret"), Roles.PUBLISHER, Optional.of("p-secret"),
            Roles.TRAINER, Optional.of("   "), Roles.EVALUATOR, Optional.empty(), Roles.READER, Optional.of("r-secret")));

    @Test
    void shouldGrantTheConfiguredRolesWhenATokenMatches() {
        // When
        var admin = TOKENS.match("a-secret");
        var publisher = TOKENS.match("p-secret");

        // Then
        assertThat(admin).hasValueSatisfying(m -> {
            assertThat(m.principal()).isEqualTo("admin-token");
            assertThat(m.roles()).containsExactlyInAnyOrderElementsOf(Roles.ALL);
        });
        assertThat(publisher).hasValueSatisfying(m -> {
            assertThat(m.principal()).isEqualTo("publisher-token");
            assertThat(m.roles()).containsExactlyInAnyOrder(Roles.PUBLISHER, Roles.READER);
        });
    }

    @Test
    void shouldMatchNothingWhenTheTokenIsUnknownAPrefixOrBlank() {
        assertThat(TOKENS.match("a-secre")).isEmpty();
        assertThat(TOKENS.match("a-secret ")).isEmpty();
        assertThat(TOKENS.match("")).isEmpty();
        assertThat(TOKENS.match("   ")).isEmpty(); // the trainer's blank token grants nothing
    }

    @Test
    void shouldMakeARoleUnobtainableWhenItsTokenIsBlankOrUnset() {
        assertThat(TOKENS.configured(Roles.TRAINER)).isFalse();
        assertThat(TOKENS.configured(Roles.EVALUATOR)).isFalse();
        assertThat(TOKENS.configured(Roles.READER)).isTrue();
        assertThat(new RoleTokens(Map.of()).anyConfigured()).isFalse();
        assertThat(new RoleTokens(Map.of()).match("anything")).isEmpty();
    }

    @Test
    void shouldGrantTheUnionWhenTwoRolesShareOneToken() {
        // Given
        var shared = new RoleTokens(Map.of(Roles.PUBLISHER, Optional.of("same"), Roles.TRAINER, Optional.of("same")));

        // Then
        assertThat(shared.match("same")).hasValueSatisfying(m -> {
            assertThat(m.roles()).containsExactlyInAnyOrder(Roles.PUBLISHER, Roles.TRAINER, Roles.READER);
            assertThat(m.principal()).isEqualTo("trainer-token");
        });
    }

    @Test
    void shouldPresentTheLeastPrivilegedTokenHoldingARoleWhenCallingAnotherService() {
        assertThat(TOKENS.credentialFor(Roles.READER)).contains("r-secret");
        assertThat(TOKENS.credentialFor(Roles.TRAINER)).contains("a-secret"); // only admin holds trainer here
        assertThat(new RoleTokens(Map.of(Roles.EVALUATOR, Optional.of("e"))).credentialFor(Roles.READER)).contains("e");
        assertThat(new RoleTokens(Map.of()).credentialFor(Roles.READER)).isEmpty();
    }

    @Test
    void shouldSayWhatIsMissingWhenACallIsUnauthorized() {
        assertThat(SecurityProblemMappers.unauthorizedDetail(List.of(Roles.PUBLISHER), false, TOKENS))
                .isEqualTo("no bearer token was sent: this call needs 'Authorization: Bearer <token>' with the role "
                        + "publisher");
        assertThat(SecurityProblemMappers.unauthorizedDetail(List.of(Roles.ADMIN), true, TOKENS))
                .startsWith("the bearer token is not one this service knows");
        assertThat(SecurityProblemMappers.unauthorizedDetail(List.of(Roles.ADMIN), true, new RoleTokens(Map.of())))
                .contains("no API token configured");
    }

    @Test
    void shouldRefuseTheConfigurationWhenARoleIsUnknown() {
        assertThatThrownBy(() -> new RoleTokens(Map.of("root", Optional.of("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root");
    }
}
