package io.tunestream.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolesTest {

    @Test
    void shouldGrantEveryRoleWhenTheTokenIsTheAdminOne() {
        assertThat(Roles.grantedBy(Roles.ADMIN)).containsExactlyInAnyOrderElementsOf(Roles.ALL);
    }

    @Test
    void shouldGrantTheRoleAndReaderOnlyWhenTheTokenIsAnotherRolesOne() {
        assertThat(Roles.grantedBy(Roles.PUBLISHER)).containsExactly(Roles.PUBLISHER, Roles.READER);
        assertThat(Roles.grantedBy(Roles.TRAINER)).containsExactly(Roles.TRAINER, Roles.READER);
        assertThat(Roles.grantedBy(Roles.EVALUATOR)).containsExactly(Roles.EVALUATOR, Roles.READER);
        assertThat(Roles.grantedBy(Roles.READER)).containsExactly(Roles.READER);
    }

    @Test
    void shouldNameTheTokenPropertiesAndEnvironmentVariablesWhenAskedPerRole() {
        assertThat(Roles.ALL).extracting(Roles::tokenProperty).containsExactly("tunestream.security.reader-token",
                "tunestream.security.publisher-token", "tunestream.security.trainer-token",
                "tunestream.security.evaluator-token", "tunestream.security.admin-token");
        assertThat(Roles.ALL).extracting(Roles::tokenEnv).containsExactly("TUNESTREAM_SECURITY_READER_TOKEN",
                "TUNESTREAM_SECURITY_PUBLISHER_TOKEN", "TUNESTREAM_SECURITY_TRAINER_TOKEN",
                "TUNESTREAM_SECURITY_EVALUATOR_TOKEN", "TUNESTREAM_SECURITY_ADMIN_TOKEN");
    }

    @Test
    void shouldRefuseARoleWhenItIsUnknown() {
        assertThatThrownBy(() -> Roles.grantedBy("registry-admin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registry-admin");
    }
}
