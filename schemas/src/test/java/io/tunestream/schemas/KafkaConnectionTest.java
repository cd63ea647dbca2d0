package io.tunestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

    @Test
    void shouldCarryOnlyTheBootstrapServersWhenNoSecurityIsConfigured() {
        // When
        KafkaConnection connection = KafkaConnection.fromConfig("b:9092", key -> Optional.empty());

        // Then
        assertThat(connection.clientProperties()).containsExactly(Map.entry("bootstrap.servers", "b:9092"));
        assertThat(connection.authenticated()).isFalse();
    }

    @Test
    void shouldPassSaslAndSslSettingsThroughWhenTheyAreConfiguredUnderKafka() {
        // Given
        Map<String, String> config = Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", KafkaConnection.scramJaasConfig("trainer", "pw"),
                "kafka.ssl.truststore.type", "PEM", "kafka.ssl.truststore.location", "/ca/ca.crt",
                "kafka.unrelated.setting", "x");

        // When
        KafkaConnection connection = KafkaConnection.fromConfig("b:9093", key -> Optional.ofNullable(config.get(key)));

        // Then
        assertThat(connection.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/ca/ca.crt").doesNotContainKey("unrelated.setting");
        assertThat(connection.user()).contains("trainer");
        assertThat(connection.toString()).contains("trainer").doesNotContain("pw\"");
    }

    @Test
    void shouldReadTheSameSettingsBackWhenHandedOverThroughTheEnvironment() {
        // Given
        KafkaConnection original = KafkaConnection.scram("b:9092", KafkaConnection.SASL_PLAINTEXT, "cli", "secret");

        // When
        Map<String, String> env = original.environment();
        KafkaConnection read = KafkaConnection.fromEnvironment(env.get("KAFKA_BOOTSTRAP_SERVERS"), env);

        // Then
        assertThat(env).containsKeys("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");
        assertThat(read).isEqualTo(original);
    }

    @Test
    void shouldRefuseTheSettingWhenItIsNoClientSecuritySetting() {
        assertThatThrownBy(() -> new KafkaConnection("b:9092", Map.of("acks", "all")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acks");
    }

    @Test
    void shouldRefuseTheLoginWhenThePasswordWouldBreakTheJaasQuoting() {
        assertThatThrownBy(() -> KafkaConnection.scramJaasConfig("cli", "a\"b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
