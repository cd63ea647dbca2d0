package io.tunestream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.tunestream.schemas.KafkaConnection;
import org.junit.jupiter.api.Test;

class BrokerSecurityTest {

    @Test
    void shouldHandTheSameUsersToAChildBrokerWhenPassedThroughItsEnvironment() {
        // Given
        BrokerSecurity security = BrokerSecurity.randomScram("admin", List.of("admin", "ingest", "cli"));

        // When
        BrokerSecurity read = BrokerMain.security(BrokerMain.securityEnvironment(security));

        // Then
        assertThat(read).isEqualTo(security);
        assertThat(read.allScramUsers()).containsOnlyKeys("admin", "ingest", "cli");
    }

    @Test
    void shouldRunPlaintextWhenTheEnvironmentNamesNoAdmin() {
        assertThat(BrokerMain.security(Map.of())).isEqualTo(BrokerSecurity.plaintext());
        assertThat(BrokerMain.securityEnvironment(BrokerSecurity.plaintext())).isEmpty();
    }

    @Test
    void shouldDrawADistinctPasswordPerUserWhenPasswordsAreRandom() {
        // When
        BrokerSecurity security = BrokerSecurity.randomScram("admin", List.of("ingest", "clean", "cli"));

        // Then
        assertThat(security.allScramUsers().values()).doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat(p).matches("[0-9a-f]{32}"));
    }

    @Test
    void shouldNeverShowAPasswordWhenDescribed() {
        // Given
        BrokerSecurity security = BrokerSecurity.randomScram("admin", List.of("trainer"));
        KafkaConnection trainer = security.connection("127.0.0.1:9092", "trainer");

        // Then
        assertThat(security.toString()).contains("admin", "trainer").doesNotContain(security.adminPassword(),
                security.scramUsers().get("trainer"));
        assertThat(trainer.toString()).isEqualTo("127.0.0.1:9092 (SASL_PLAINTEXT as trainer)");
        assertThat(trainer.clientProperties()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void shouldRefuseTheConnectionWhenTheUserIsUnknown() {
        BrokerSecurity security = BrokerSecurity.randomScram("admin", List.of("trainer"));

        assertThatThrownBy(() -> security.connection("127.0.0.1:9092", "intruder"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intruder");
    }
}
