package io.tunestream.schematopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Properties;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.tunestream.schemas.serde.EventCatalog;
import io.tunestream.schemas.serde.SchemaTopic;
import io.tunestream.testsupport.KafkaTestSupport;
import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A service's startup on the real broker: the schemas topic created, every event schema on it, then ready. */
@Timeout(60)
class SchemaTopicPublisherTest {

    @Test
    void shouldCreateTheTopicPublishEveryEventSchemaAndThenReportReady() {
        // Given a broker without a schemas topic, and a service configured for it
        String topic = KafkaTestSupport.uniqueTopic("schemas");
        Config config = new SmallRyeConfigBuilder()
                .withDefaultValue("kafka.bootstrap.servers", KafkaTestSupport.bootstrapServers())
                .withDefaultValue(SchemaTopicPublisher.TOPIC, topic).build();
        SchemaTopicPublisher publisher = new SchemaTopicPublisher(config);
        try {
            // When the service starts
            publisher.start(null);
            // Then it becomes ready once the topic holds every event schema
            await().atMost(Duration.ofSeconds(30)).until(publisher::published);
            assertThat(publisher.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            Properties p = new Properties();
            p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers());
            try (SchemaTopic reader = new SchemaTopic(topic, p)) {
                assertThat(reader.publish(EventCatalog.schemas())).isZero();
                assertThat(reader.size()).isEqualTo(EventCatalog.EVENTS.size());
            }
        } finally {
            publisher.stop(null);
        }
    }

    @Test
    void shouldStayNotReadyAndSayWhyWhileTheBrokerIsUnreachable() {
        // Given a service pointed at a port where no broker listens
        Config config = new SmallRyeConfigBuilder().withDefaultValue("kafka.bootstrap.servers", "localhost:1")
                .withDefaultValue(SchemaTopicPublisher.TOPIC, "tunestream.schemas").build();
        SchemaTopicPublisher publisher = new SchemaTopicPublisher(config);
        try {
            // When it starts
            publisher.start(null);
            // Then it is not ready, and the check says it cannot reach Kafka yet
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.call().getData().map(d -> d.get("detail"))
                    .map(Object::toString).filter(d -> !d.equals("not started")).isPresent());
            HealthCheckResponse health = publisher.call();
            assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(health.getData().orElseThrow().get("detail").toString()).contains("Kafka");
            assertThat(publisher.published()).isFalse();
        } finally {
            publisher.stop(null);
        }
    }

    @Test
    void shouldReportReadyWithoutKafkaWhenDisabled() {
        // Given a service that turns the schemas topic off
        Config config = new SmallRyeConfigBuilder().withDefaultValue(SchemaTopicPublisher.ENABLED, "false").build();
        SchemaTopicPublisher publisher = new SchemaTopicPublisher(config);
        // When it starts, then it is ready at once
        publisher.start(null);
        assertThat(publisher.published()).isTrue();
        assertThat(publisher.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        publisher.stop(null);
    }
}
