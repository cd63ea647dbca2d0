package io.tunestream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.testsupport.KafkaTestSupport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consumer lag on the real in-process KRaft broker: a hand-built group consumer and a Kafka Streams application. */
@Timeout(90)
class ConsumerLagMetricsTest {

    private static final String LAG = "kafka.consumer.fetch.manager.records.lag";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerLagMetrics metrics = new ConsumerLagMetrics(registry);

    @AfterEach
    void closeBinders() {
        metrics.close();
    }

    @Test
    void shouldShowAGroupConsumersLagPerPartitionFallingToZeroOnceItCaughtUp() {
        // Given 40 records on partition 0 of a new topic, and a group consumer that takes 5 per poll
        String topic = KafkaTestSupport.uniqueTopic("lag");
        String group = "lag-group-" + UUID.randomUUID();
        KafkaTestSupport.createTopics(TopicSpec.of(topic, 2));
        produce(topic, 40);
        Map<String, Object> props = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers()));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5);
        try (KafkaConsumer<String, String> consumer = metrics.bind(
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer()), group)) {
            consumer.subscribe(List.of(topic));

            // When it has read part of the partition
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.poll(Duration.ofMillis(200)).count() > 0);
            // Then the lag of (group, topic, partition 0) is on the registry and counts what is left
            await().atMost(Duration.ofSeconds(10)).until(() -> lag(group, topic, "0") != null);
            assertThat(lag(group, topic, "0").value()).isBetween(1.0, 35.0);

            // When it has read everything
            AtomicInteger read = new AtomicInteger(5);
            await().atMost(Duration.ofSeconds(30)).until(() -> read.addAndGet(consumer.poll(Duration.ofMillis(200)).count()) >= 40);
            consumer.poll(Duration.ofMillis(300)); // one more fetch reports the position at the end

            // Then the lag is 0
            assertThat(lag(group, topic, "0").value()).isZero();
        }
    }

    @Test
    void shouldTagAKafkaStreamsApplicationsLagWithItsApplicationId() {
        // Given 25 records and a Kafka Streams application reading them
        String topic = KafkaTestSupport.uniqueTopic("lag-streams");
        String application = "lag-app-" + UUID.randomUUID();
        KafkaTestSupport.createTopics(TopicSpec.of(topic, 1));
        produce(topic, 25);
        AtomicInteger seen = new AtomicInteger();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic).foreach((k, v) -> seen.incrementAndGet());
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestSupport.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/lag-" + UUID.randomUUID());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            // When the service observes it and it runs through the topic
            metrics.streamsCreated(streams);
            streams.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.get() == 25);

            // Then its lag, tagged with the application id (its consumer group), is on the registry and 0
            await().atMost(Duration.ofSeconds(30)).until(() -> lag(application, topic, "0") != null
                    && lag(application, topic, "0").value() == 0.0);
        }
    }

    private Gauge lag(String group, String topic, String partition) {
        return registry.find(LAG).tag(ConsumerLagMetrics.GROUP_TAG, group).tag("topic", topic)
                .tag("partition", partition).gauge();
    }

    private static void produce(String topic, int n) {
        try (KafkaProducer<String, String> producer = KafkaTestSupport.stringProducer()) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }
}
