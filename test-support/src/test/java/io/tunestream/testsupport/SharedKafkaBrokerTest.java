package io.tunestream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Timeout(120)
@ExtendWith(SharedKafkaExtension.class)
class SharedKafkaBrokerTest {

    @Test
    void shouldPublishBrokerAddressWhenExtensionRan() throws Exception {
        // Given
        String bootstrap = System.getProperty(SharedKafkaBroker.BOOTSTRAP_PROPERTY);
        String topic = KafkaTestSupport.uniqueTopic("listener");
        KafkaTestSupport.createTopics(topic);

        // When
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", "hello")).get();
        }
        List<ConsumerRecord<String, String>> records = KafkaTestSupport.drainStrings(topic, 1, Duration.ofSeconds(30));

        // Then
        assertThat(bootstrap).startsWith("127.0.0.1:");
        assertThat(System.getProperty(SharedKafkaBroker.QUARKUS_BOOTSTRAP_PROPERTY)).isEqualTo(bootstrap);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("hello");
        assertThat(SharedKafkaBroker.isEmbeddedRunning()).isTrue();
    }

    @Test
    void shouldReuseOneBrokerWhenAskedFromAnotherClassLoader() throws Exception {
        // Given: a second copy of this module's classes, as Quarkus makes per test profile
        String bootstrap = KafkaTestSupport.bootstrapServers();
        System.clearProperty(SharedKafkaBroker.BOOTSTRAP_PROPERTY);
        try (URLClassLoader isolated = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = isolated.loadClass(SharedKafkaBroker.class.getName());
            assertThat(copy).isNotSameAs(SharedKafkaBroker.class);

            // When
            Object answer = copy.getMethod("bootstrapServers").invoke(null);

            // Then
            assertThat(answer).isEqualTo(bootstrap);
            assertThat(System.getProperty(SharedKafkaBroker.BOOTSTRAP_PROPERTY)).isEqualTo(bootstrap);
        } finally {
            System.setProperty(SharedKafkaBroker.BOOTSTRAP_PROPERTY, bootstrap);
        }
    }

    private static URL[] classPath() throws Exception {
        String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = java.nio.file.Path.of(entries[i]).toUri().toURL();
        }
        return urls;
    }
}
