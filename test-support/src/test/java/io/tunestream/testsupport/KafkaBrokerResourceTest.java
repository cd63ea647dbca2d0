package io.tunestream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class KafkaBrokerResourceTest {

    @Test
    void shouldHandQuarkusTheSharedBrokerWhenStarted() throws Exception {
        // Given
        KafkaBrokerResource resource = new KafkaBrokerResource();

        // When
        Map<String, String> config = resource.start();
        resource.stop();

        // Then: the broker outlives the resource, and the address it gave works
        String bootstrap = config.get("kafka.bootstrap.servers");
        assertThat(bootstrap).isEqualTo(KafkaTestSupport.bootstrapServers());
        assertThat(config).containsEntry(SharedKafkaBroker.BOOTSTRAP_PROPERTY, bootstrap)
                .doesNotContainKey(KafkaBrokerResource.STREAMS_BOOTSTRAP); // no Kafka Streams extension here
        String topic = KafkaTestSupport.uniqueTopic("resource");
        KafkaClients clients = new KafkaClients(bootstrap);
        clients.createTopics(topic);
        try (KafkaProducer<String, String> producer = clients.stringProducer()) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
        List<ConsumerRecord<String, String>> records = clients.drainStrings(topic, 1, Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("k");
    }
}
